using System.Globalization;
using DwpFarm.Grains.Execution;
using DwpFarm.Storage;
using DwpFarm.Storage.Queue;
using DwpFarm.Storage.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DwpFarm.Farm.Tests.Execution;

/// <summary>What the slot tests share: a real farm database in a temporary SQLite file, its queue and a slot's metrics on one fake clock.</summary>
internal sealed class SlotTestBed : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly string _folder;

    private SlotTestBed(string folder, FarmDatabase database)
    {
        _folder = folder;
        Database = database;
        Queue = new WorkQueue(database, Clock);
        Metrics = new SlotMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Clock);
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));

    public FarmDatabase Database { get; }

    public WorkQueue Queue { get; }

    public SlotMetrics Metrics { get; }

    public string DatabaseFile => Path.Combine(_folder, DatabaseOptions.DefaultSqliteFile);

    /// <summary>A new database with the current schema, in a folder named after <paramref name="prefix"/>.</summary>
    public static async Task<SlotTestBed> CreateAsync(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        var database = new FarmDatabase(DatabaseOptions.ForSqliteFile(Path.Combine(folder, DatabaseOptions.DefaultSqliteFile)));
        await new SchemaMigrator(database).InitAsync();
        return new SlotTestBed(folder, database);
    }

    /// <summary>The database file is gone until disposed: every query fails as SQLite fails on a missing schema.</summary>
    public IDisposable Outage()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = DatabaseFile;
        var away = file + ".away";
        File.Move(file, away);
        return new Restore(() =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
            File.Move(away, file);
        });
    }

    public ValueTask DisposeAsync()
    {
        Metrics.Dispose();
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
