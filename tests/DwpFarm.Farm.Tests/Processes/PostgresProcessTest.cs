using System.Diagnostics.CodeAnalysis;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>A test class with its own PostgreSQL server and a temporary folder, both removed afterwards.</summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xUnit disposes the class through IAsyncLifetime.DisposeAsync")]
public abstract class PostgresProcessTest(string name) : IAsyncLifetime
{
    private PostgresServer? _server;

    protected string Root { get; } = Directory.CreateTempSubdirectory($"dwpfarm-{name}-").FullName;

    protected PostgresServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await PostgresServer.StartNewAsync();

    public Task DisposeAsync()
    {
        _server?.Dispose();
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}
