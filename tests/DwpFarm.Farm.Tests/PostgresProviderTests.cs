using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using DwpFarm.Grains;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Hosting;
using DwpFarm.Storage;
using DwpFarm.Storage.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace DwpFarm.Farm.Tests;

/// <summary>
/// The Orleans 10.4 ADO.NET providers with invariant Npgsql against the project's PostgreSQL
/// schema on a real server: clustering, reminders and grain storage together in a plain silo
/// host. A sweep runs to the end, and a second silo reads its state back after the first stops.
/// </summary>
public sealed class PostgresProviderTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _clusterId = $"pg-{Guid.NewGuid():N}";
    private PostgresServer _server = null!;
    private FarmDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartNewAsync();
        var connectionString = await _server.CreateDatabaseAsync("farm");
        _database = new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString });
        await new SchemaMigrator(_database).InitAsync();
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_silo_on_postgres_clusters_persists_grain_state_and_keeps_reminders()
    {
        using var plan = new FaultPlan();
        var sweepId = "pg-sweep-1";
        await WithSiloAsync(plan, async grains =>
        {
            var sweep = grains.GetGrain<ISweepGrain>(sweepId);
            Assert.Equal(3, (int)(await ScalarAsync($"SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = '{_clusterId}';"))!); // Active

            // Sources wait on a gate, so the sweep is mid-flight with its reminder registered.
            plan.HoldKinds(UnitKind.Source);
            await sweep.SubmitAsync(SweepSpecs.Small(), "name: small");
            Assert.Equal(1L, await ScalarAsync($"SELECT COUNT(*) FROM OrleansRemindersTable WHERE GrainId LIKE '%{sweepId}' AND ReminderName = '{Constants.SweepDriveReminder}';"));

            plan.ReleaseKind(UnitKind.Source);
            await WaitForCompletedAsync(sweep);

            // Completion unregisters the reminder through its ETag, just after the phase changes.
            await WaitForAsync(async () => (long)(await ScalarAsync($"SELECT COUNT(*) FROM OrleansRemindersTable WHERE GrainId LIKE '%{sweepId}';"))! == 0, "the reminder row to go");
        });

        Assert.True((long)(await ScalarAsync("SELECT COUNT(*) FROM OrleansStorage WHERE PayloadBinary IS NOT NULL;"))! > 1);
        Assert.Equal(0L, await ScalarAsync(
            "SELECT COUNT(*) FROM (SELECT 1 FROM OrleansStorage GROUP BY GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId HAVING COUNT(*) > 1) d;"));

        // A new silo (a new generation in the same cluster) reads the finished sweep back.
        await WithSiloAsync(plan, async grains =>
        {
            var report = await grains.GetGrain<ISweepGrain>(sweepId).GetReportAsync();
            Assert.Equal(SweepPhase.Completed, report.Status.Phase);
            Assert.Equal(9, report.Units.Count);
            Assert.Equal(2L, await ScalarAsync($"SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = '{_clusterId}';"));
        });
    }

    /// <summary>Runs <paramref name="body"/> on a started silo and always stops it before disposing.</summary>
    private async Task WithSiloAsync(FaultPlan plan, Func<IGrainFactory, Task> body)
    {
        using var host = await StartSiloAsync(plan);
        try
        {
            await body(host.Services.GetRequiredService<IGrainFactory>());
        }
        finally
        {
            plan.Release();
            await host.StopAsync(CancellationToken.None);
        }
    }

    private async Task<IHost> StartSiloAsync(FaultPlan plan)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = Constants.ServiceId;
            });
            silo.UseDwpFarmDatabaseClustering(_database);
            silo.AddDwpFarmStorage(_database);
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort());
            silo.Services.AddDwpFarmServices(_database).AddScriptedSlots(plan);
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(Timeout);
        await host.StartAsync(timeout.Token);
        return host;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await _database.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task WaitForCompletedAsync(ISweepGrain sweep)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        SweepStatus? last = null;
        await foreach (var status in sweep.WatchAsync(TimeSpan.FromMilliseconds(50), timeout.Token))
        {
            last = status;
            if (status.Phase == SweepPhase.Completed)
            {
                return;
            }
        }

        throw new Xunit.Sdk.XunitException($"the sweep did not complete within {Timeout}, last saw {last?.Phase}: {last?.Message}");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"waited 10 s for {what}");
            }

            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
