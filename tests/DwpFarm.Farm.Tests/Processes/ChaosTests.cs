using DwpFarm.Client.Farm;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Grains.Units;
using DwpFarm.Storage;
using DwpFarm.Storage.Queue;
using Npgsql;
using Xunit.Abstractions;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// Three silo processes on PostgreSQL run a 61-unit sweep while one silo is SIGKILLed during the
/// source phase and another during the evaluation phase, each restarted: every unit is recorded
/// exactly once and nothing is lost.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output) : PostgresProcessTest("chaos")
{
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Killing_a_silo_in_the_source_phase_and_another_in_the_evaluation_phase_loses_and_duplicates_nothing()
    {
        // A failing run is replayed with DWPFARM_CHAOS_SEED set to the seed it printed.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("DWPFARM_CHAOS_SEED"), out var given) ? given : Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"chaos seed {seed}");
        var spec = new SweepSpec
        {
            Name = "chaos",
            Source = new SourceSpec { ImagesPerClass = 60, TestImages = 100, Count = 26, Widths = [4, 8], Epochs = 3, Batch = 32 },
            Bank = SweepSpecs.TinyBank,
            Prior = SweepSpecs.UngatedPrior(2, 1),
            Evaluation = new EvaluationSpec
            {
                Folder = SyntheticMnist.Write(Path.Combine(Root, "mnist")),
                TrainSizes = [50],
                Methods = [InitMethod.Dwp, InitMethod.Xavier],
                Seeds = 16,
                Steps = 30,
                EvalEvery = 10,
            },
        };
        const string SweepId = "chaos-1";
        var expectedUnits = spec.Source.Count + 1 + 2 + (int)spec.Evaluation.Units;
        Assert.True(expectedUnits >= 60);

        await using var cluster = await PostgresCluster.StartAsync(Server, Path.Combine(Root, "data"), [1, 1, 1]);
        await using var client = await cluster.ConnectAsync();
        await client.Grains.GetGrain<ISweepGrain>(SweepId).SubmitAsync(spec, "chaos");

        // A random moment once the source phase is under way, on a silo that is running a unit.
        await cluster.PollAsync(client.Grains, SweepId, s => s.Phases[0].Completed >= 1 + random.Next(4), "source runs to finish", PhaseTimeout);
        var first = await KillBusySiloAsync(cluster, client.Grains, SweepId, UnitKind.Source, except: null);
        output.WriteLine($"killed silo :{first.SiloPort} in the source phase");
        await Task.Delay(TimeSpan.FromSeconds(1 + random.NextDouble() * 2));
        await first.StartAsync(TimeSpan.FromSeconds(90));

        await cluster.PollAsync(client.Grains, SweepId, s => s.Phase == SweepPhase.Evaluations && s.Phases[3].Completed >= 1 + random.Next(6), "evaluations to finish", PhaseTimeout);
        var second = await KillBusySiloAsync(cluster, client.Grains, SweepId, UnitKind.Evaluation, except: first);
        output.WriteLine($"killed silo :{second.SiloPort} in the evaluation phase");
        await Task.Delay(TimeSpan.FromSeconds(1 + random.NextDouble() * 2));
        await second.StartAsync(TimeSpan.FromSeconds(90));

        var status = await cluster.WaitForFinishAsync(client.Grains, SweepId, PhaseTimeout);
        Assert.True(status.Phase == SweepPhase.Completed && status.Message is null, $"{SweepStatusView.Line(status)}\n{cluster.Logs()}");

        var report = await client.Grains.GetGrain<ISweepGrain>(SweepId).GetReportAsync();
        Assert.Equal(expectedUnits, report.Units.Count);
        Assert.Equal(expectedUnits, report.Units.Select(u => u.UnitId).Distinct().Count());
        Assert.All(report.Units, u => Assert.True(u.Status == UnitStatus.Completed && u.Result is not null, $"{u.UnitId}: {u.Status} {u.Error}"));
        Assert.Contains(report.Units, u => u.Attempts > 1);
        output.WriteLine($"units run more than once: {string.Join(", ", report.Units.Where(u => u.Attempts > 1).Select(u => $"{u.UnitId}×{u.Attempts}"))}");

        // The comparison counts each evaluation once: n per method is the seed count.
        var table = Assert.Single(DwpFarm.Pipeline.Statistics.Comparisons.Of(report));
        Assert.All(table.Methods.Values, m => Assert.Equal(spec.Evaluation.Seeds, m.N));

        // The database agrees: one state row per grain, and an empty queue.
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var duplicates = new NpgsqlCommand("SELECT COUNT(*) FROM (SELECT 1 FROM orleansstorage GROUP BY grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, COALESCE(grainidextensionstring, ''), serviceid HAVING COUNT(*) > 1) d;", connection);
            Assert.Equal(0L, (long)(await duplicates.ExecuteScalarAsync())!);
        }

        var queue = new WorkQueue(new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = cluster.ConnectionString }), TimeProvider.System);
        var stats = await queue.StatsAsync();
        Assert.Equal((0, 0, 0), (stats.Queued, stats.Leased, stats.Expired));

        var ids = await ResultsJson.UnitIdsAsync(client.Grains, report, Path.Combine(Root, "report"));
        Assert.Equal(expectedUnits, ids.Distinct().Count());
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    /// <summary>SIGKILLs a silo that the unit grains say is running a unit of <paramref name="kind"/> right now.</summary>
    private static async Task<SiloProcess> KillBusySiloAsync(PostgresCluster cluster, IGrainFactory grains, string sweepId, string kind, SiloProcess? except)
    {
        var deadline = DateTime.UtcNow + PhaseTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var report = await grains.GetGrain<ISweepGrain>(sweepId).GetReportAsync();
            var running = await Task.WhenAll(report.Units
                .Where(u => u.Kind == kind && !u.Status.IsTerminal())
                .Select(u => UnitGrains.Get(grains, u.Kind, u.UnitId).GetSummaryAsync()));
            var victim = running
                .Where(u => u.Status == UnitStatus.Running)
                .Select(u => cluster.SiloOf(u.Silo))
                .FirstOrDefault(s => s is not null && s != except);
            if (victim is not null)
            {
                await victim.KillAsync();
                return victim;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"no silo was running a {kind} unit\n{cluster.Logs()}");
    }
}
