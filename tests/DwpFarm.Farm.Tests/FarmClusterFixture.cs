using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Hosting;
using DwpFarm.Storage;
using DwpFarm.Storage.Schema;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace DwpFarm.Farm.Tests;

/// <summary>
/// One in-process silo on a real SQLite file, with scripted runners in place of the ML.
/// Every grain persists through the real ADO.NET provider and the project's schema.
/// </summary>
public sealed class FarmClusterFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dwpfarm-farm-").FullName;

    public FaultPlan Plan { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public FarmDatabase Database { get; private set; } = null!;

    public MessageSizeFilter Messages { get; } = new();

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Database = new FarmDatabase(DatabaseOptions.ForSqliteFile(Path.Combine(_folder, DatabaseOptions.DefaultSqliteFile)));
        await new SchemaMigrator(Database).InitAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddDwpFarmStorage(Database);
            silo.UseInMemoryReminderService();
            silo.AddOutgoingGrainCallFilter(Messages);
            silo.Services.AddDwpFarmServices(Database).AddScriptedSlots(Plan);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Messages.Serializer = Cluster.GetSiloServiceProvider().GetRequiredService<Orleans.Serialization.Serializer>();
    }

    public async Task DisposeAsync()
    {
        Plan.Release();
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        Plan.Dispose();
    }
}
