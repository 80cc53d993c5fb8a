using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using Xunit.Abstractions;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>PostgreSQL restarts in the middle of a sweep; the silos reconnect and the sweep completes.</summary>
public sealed class DatabaseRestartTests(ITestOutputHelper output) : PostgresProcessTest("dbrestart")
{
    [Fact]
    public async Task A_sweep_survives_a_database_restart()
    {
        var (spec, text) = FarmBenchmark.Spec("db-restart", units: 30, epochs: 2);
        await using var cluster = await PostgresCluster.StartAsync(Server, Path.Combine(Root, "data"), [1, 1]);
        await using var client = await cluster.ConnectAsync();
        await client.Grains.GetGrain<ISweepGrain>("db-restart-1").SubmitAsync(spec, text);
        await cluster.PollAsync(client.Grains, "db-restart-1", s => s.Phases[0].Completed >= 4, "the first units", TimeSpan.FromMinutes(5));

        await Server.StopAsync();
        output.WriteLine("PostgreSQL stopped");
        await Task.Delay(TimeSpan.FromSeconds(5));
        await Server.StartAsync();
        output.WriteLine("PostgreSQL started again");

        var status = await cluster.WaitForFinishAsync(client.Grains, "db-restart-1", TimeSpan.FromMinutes(8));
        Assert.True(status.Phase == SweepPhase.Completed && status.Message is null, $"{SweepStatusView.Line(status)}\n{cluster.Logs()}");
        var units = (await client.Grains.GetGrain<ISweepGrain>("db-restart-1").GetReportAsync()).Units;
        Assert.Equal(30, units.Count);
        Assert.All(units, u => Assert.Equal(UnitStatus.Completed, u.Status));
        Assert.All(cluster.Silos, s => Assert.False(s.HasExited, $"silo :{s.SiloPort} died:\n{s.Output}"));
    }
}
