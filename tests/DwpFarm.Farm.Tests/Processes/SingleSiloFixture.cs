using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>One standalone silo process on SQLite in a temporary folder, shared by a test class.</summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xUnit disposes fixtures through IAsyncLifetime.DisposeAsync")]
public abstract class SingleSiloFixture(string name) : IAsyncLifetime
{
    private SiloProcess? _silo;

    public string Root { get; } = Directory.CreateTempSubdirectory($"dwpfarm-{name}-").FullName;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _silo = CreateSilo();
        await _silo.StartAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>The silo to start, with the settings this fixture is about.</summary>
    protected abstract SiloProcess CreateSilo();
}
