using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Farm.Tests;

public sealed class FarmBenchmarkResultTests
{
    [Fact]
    public void Efficiency_is_the_ideal_wall_time_over_the_real_one()
    {
        // 4 units of 1 s on 2 slots: ideal 2 s; a real 2.5 s gives 0.8.
        var units = Enumerable.Range(0, 4).Select(i => Unit(i, 1.0, latencyMs: 10 * (i + 1))).ToList();

        var result = FarmBenchmarkResult.From(units, 2, TimeSpan.FromSeconds(2.5));

        Assert.Equal(4, result.Units);
        Assert.Equal(2.0, result.IdealSeconds, 9);
        Assert.Equal(0.8, result.Efficiency, 9);
        Assert.Equal(25.0, result.MedianScheduleLatencyMs, 9);
        Assert.Equal(38.5, result.P95ScheduleLatencyMs, 9);
        Assert.Equal(1.0, result.MeanUnitSeconds, 9);
    }

    [Fact]
    public void Units_that_did_not_complete_are_left_out()
    {
        var units = new List<UnitSummary> { Unit(0, 2.0, 5), Unit(1, 9.0, 5) with { Status = UnitStatus.Failed } };

        var result = FarmBenchmarkResult.From(units, 1, TimeSpan.FromSeconds(4));

        Assert.Equal(1, result.Units);
        Assert.Equal(0.5, result.Efficiency, 9);
    }

    [Fact]
    public void Nothing_completed_or_no_time_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => FarmBenchmarkResult.From([Unit(0, 1, 1) with { Status = UnitStatus.Failed }], 1, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => FarmBenchmarkResult.From([Unit(0, 1, 1)], 1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => FarmBenchmarkResult.From([Unit(0, 1, 1)], 0, TimeSpan.FromSeconds(1)));
    }

    private static UnitSummary Unit(int index, double seconds, double latencyMs) => new()
    {
        UnitId = $"bench/source/{index}",
        Kind = UnitKind.Source,
        Status = UnitStatus.Completed,
        Result = new SourceRunResult
        {
            DataSha256 = "sha",
            Environment = "test",
            Model = new ArtifactRef(new string('0', 64), "model", 1),
            Epochs = [],
            Duration = TimeSpan.FromSeconds(seconds),
            ScheduleLatency = TimeSpan.FromMilliseconds(latencyMs),
        },
    };
}
