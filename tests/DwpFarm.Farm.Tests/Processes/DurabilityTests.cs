using DwpFarm.Client.Farm;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using Microsoft.Data.Sqlite;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>A standalone silo on SQLite is killed with SIGKILL mid-training and restarted; the sweep still completes exactly once per unit.</summary>
public sealed class DurabilityTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(8);
    private static readonly Dictionary<string, string> SiloSettings = new()
    {
        ["Slots:Count"] = "2",
        ["Slots:LeaseSeconds"] = "4",
        ["Slots:PollMilliseconds"] = "50",
    };

    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-durability-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_killed_silo_resumes_its_runs_from_checkpoints_and_records_every_unit_once()
    {
        var spec = new SweepSpec
        {
            Name = "durability",
            Source = new SourceSpec { ImagesPerClass = 500, TestImages = 500, Count = 3, Widths = [32, 64], Epochs = 6, Batch = 64 },
            Bank = SweepSpecs.TinyBank,
            Prior = SweepSpecs.UngatedPrior(3, 1),
            Evaluation = new EvaluationSpec
            {
                Folder = SyntheticMnist.Write(Path.Combine(_root, "mnist")),
                TrainSizes = [100],
                Methods = [InitMethod.Dwp, InitMethod.Xavier],
                Seeds = 1,
                Steps = 20,
                EvalEvery = 10,
            },
        };
        const string SweepId = "durability-1";

        HashSet<string> doneBeforeKill;
        HashSet<string> checkpointedAtKill;
        DateTimeOffset killedAt;
        await using (var first = new SiloProcess(_root, SiloSettings))
        {
            await first.StartAsync(StartTimeout);
            await using var connection = await FarmConnection.ConnectAsync(first.Gateway, CancellationToken.None);
            var running = connection.Grains.GetGrain<ISweepGrain>(SweepId);
            await running.SubmitAsync(spec, "durability");

            // Kill once a run has checkpointed but before any has finished.
            IReadOnlyList<UnitSummary> units = [];
            await WaitForAsync(
                async () =>
                {
                    // The units themselves know their checkpoints; the sweep hears of units only when they finish.
                    units = await Task.WhenAll(Enumerable.Range(0, spec.Source.Count).Select(i =>
                        connection.Grains.GetGrain<ISourceRunGrain>(UnitIds.Source(SweepId, i)).GetSummaryAsync()));
                    return units.Any(u => u.Artifacts.Count > 0);
                },
                "a source-run checkpoint",
                first);
            Assert.DoesNotContain(units, u => u.Status == UnitStatus.Completed);
            checkpointedAtKill = [.. units.Where(u => u.Artifacts.Count > 0).Select(u => u.UnitId)];
            doneBeforeKill = [.. (await running.GetReportAsync()).Units.Where(u => u.Status == UnitStatus.Completed).Select(u => u.UnitId)];
            killedAt = DateTimeOffset.UtcNow;
            await first.KillAsync();
        }

        await using var second = new SiloProcess(_root, SiloSettings);
        await second.StartAsync(StartTimeout);
        await using var client = await FarmConnection.ConnectAsync(second.Gateway, CancellationToken.None);
        var sweep = client.Grains.GetGrain<ISweepGrain>(SweepId);
        var status = await SweepFinish.WaitAsync(sweep, second, SweepTimeout);

        Assert.True(status.Phase == SweepPhase.Completed && status.Message is null, $"{status.Phase}: {status.Message}\n{second.Output}");
        var report = await sweep.GetReportAsync();
        Assert.Equal(3 + 1 + 2 + 2, report.Units.Count);
        Assert.All(report.Units, u => Assert.Equal(UnitStatus.Completed, u.Status));

        // Runs that had checkpointed when the silo died resumed from a checkpoint, not from scratch.
        var resumed = report.Units.Where(u => checkpointedAtKill.Contains(u.UnitId)).ToList();
        Assert.NotEmpty(resumed);
        Assert.All(resumed, u =>
        {
            Assert.True(u.Attempts > 1, $"{u.UnitId} was interrupted but ran once");
            Assert.True(((SourceRunResult)u.Result!).ResumedFromEpoch >= 1, $"{u.UnitId} restarted from scratch");
        });
        Assert.All(report.Units.Where(u => u.Kind == UnitKind.Source), u => Assert.Equal(spec.Source.Epochs, ((SourceRunResult)u.Result!).Epochs.Count));

        // Nothing finished before the kill ran again.
        Assert.All(report.Units.Where(u => doneBeforeKill.Contains(u.UnitId)), u =>
        {
            Assert.Equal(1, u.Attempts);
            Assert.True(u.FinishedAt < killedAt);
        });

        var ids = await ResultsJson.UnitIdsAsync(client.Grains, report, Path.Combine(_root, "report"));
        Assert.Equal(report.Units.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, SiloProcess silo)
    {
        var deadline = DateTime.UtcNow + SweepTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out after {SweepTimeout} waiting for {what}\n{silo.Output}");
            }

            await Task.Delay(50);
        }
    }
}
