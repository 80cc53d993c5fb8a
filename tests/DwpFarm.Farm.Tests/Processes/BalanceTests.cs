using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using Xunit.Abstractions;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>Two silos with 1 and 2 slots pull from one queue of equal units: work follows capacity.</summary>
public sealed class BalanceTests(ITestOutputHelper output) : PostgresProcessTest("balance")
{
    [Fact]
    public async Task A_silo_with_twice_the_slots_runs_about_twice_the_units_and_no_slot_waits_while_work_is_queued()
    {
        // Three busy slots on this machine's cores: equal units take equal time on every slot.
        var (spec, text) = FarmBenchmark.Spec("balance", units: 36, epochs: 2);
        await using var cluster = await PostgresCluster.StartAsync(Server, Path.Combine(Root, "data"), [1, 2]);
        await using var client = await cluster.ConnectAsync();

        // Warm each silo first (letters, torch), so the measured sweep compares steady slots.
        var (warm, warmText) = FarmBenchmark.Spec("balance-warmup", units: 6, epochs: 1);
        await client.Grains.GetGrain<ISweepGrain>("balance-warmup").SubmitAsync(warm, warmText);
        await cluster.WaitForFinishAsync(client.Grains, "balance-warmup", TimeSpan.FromMinutes(5));

        await client.Grains.GetGrain<ISweepGrain>("balance-1").SubmitAsync(spec, text);
        var status = await cluster.WaitForFinishAsync(client.Grains, "balance-1", TimeSpan.FromMinutes(8));
        Assert.Equal(SweepPhase.Completed, status.Phase);

        var units = (await client.Grains.GetGrain<ISweepGrain>("balance-1").GetReportAsync()).Units;
        var bySilo = units.GroupBy(u => cluster.SiloOf(u.Silo)).ToDictionary(g => g.Key!, g => g.ToList());
        var one = bySilo.GetValueOrDefault(cluster.Silos[0], []);
        var two = bySilo.GetValueOrDefault(cluster.Silos[1], []);
        output.WriteLine($"1-slot silo ran {one.Count}, 2-slot silo ran {two.Count}");
        Assert.Equal(units.Count, one.Count + two.Count);

        // The share of the 2-slot silo is 2/3 ± 20%.
        var share = (double)two.Count / units.Count;
        Assert.InRange(share, 2.0 / 3 * 0.8, Math.Min(1, 2.0 / 3 * 1.2));

        // While units were queued, every slot was busy: each silo's slots were occupied for
        // nearly all of the time between the sweep's first start and its last finish.
        var span = units.Max(u => u.FinishedAt!.Value) - units.Min(u => u.StartedAt!.Value);
        foreach (var (silo, slots, run) in new[] { (cluster.Silos[0], 1, one), (cluster.Silos[1], 2, two) })
        {
            var busy = run.Sum(u => u.Result!.Duration.TotalSeconds) / (slots * span.TotalSeconds);
            output.WriteLine($"silo :{silo.SiloPort} ({slots} slots) busy {busy:P1} of {span.TotalSeconds:F1} s; median wait {Median(run.Select(u => u.Result!.ScheduleLatency.TotalMilliseconds)):F0} ms");
            Assert.True(busy >= 0.85, $"silo :{silo.SiloPort} with {slots} slot(s) was busy only {busy:P1} of the sweep");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
