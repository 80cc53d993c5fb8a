using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Local;
using Microsoft.Extensions.Time.Testing;

namespace DwpFarm.Farm.Tests.Pipeline;

public sealed class UnitProgressLogTests
{
    [Fact]
    public void A_long_unit_prints_at_most_once_a_minute_with_an_eta_from_its_own_rate()
    {
        var clock = new FakeTimeProvider();
        var lines = new List<string>();
        var log = new UnitProgressLog("source/0003", lines.Add, clock);

        log.Report(new UnitProgress(0, 1000, 0, "epoch 1/10"));
        clock.Advance(TimeSpan.FromSeconds(30));
        log.Report(new UnitProgress(100, 1000, 0, "epoch 1/10"));
        clock.Advance(TimeSpan.FromSeconds(30));
        log.Report(new UnitProgress(200, 1000, 0, "epoch 2/10"));
        clock.Advance(TimeSpan.FromSeconds(30));
        log.Report(new UnitProgress(300, 1000, 0, "epoch 3/10"));

        // 200 samples in 60 s: 800 left at 10 every 3 s.
        Assert.Equal(["source/0003: epoch 2/10, 20 % done, ETA 0:04:00"], lines);
        clock.Advance(TimeSpan.FromSeconds(30));
        log.Report(new UnitProgress(600, 1000, 0, "epoch 6/10"));
        Assert.Equal("source/0003: epoch 6/10, 60 % done, ETA 0:01:20", lines[^1]);
    }

    [Fact]
    public void A_unit_that_has_not_moved_has_no_eta_and_a_finished_one_prints_nothing()
    {
        var clock = new FakeTimeProvider();
        var lines = new List<string>();
        var stuck = new UnitProgressLog("vae/conv2", lines.Add, clock);
        var quick = new UnitProgressLog("eval/dwp/n8000/s0", lines.Add, clock);

        stuck.Report(new UnitProgress(5, 10, 0, "fitting"));
        quick.Report(new UnitProgress(1, 2, 0, "training"));
        clock.Advance(TimeSpan.FromSeconds(61));
        quick.Report(new UnitProgress(2, 2, 0, "training"));
        stuck.Report(new UnitProgress(5, 10, 0, "fitting"));

        Assert.Equal(["vae/conv2: fitting, 50 % done, ETA unknown"], lines);
    }

    [Theory]
    [InlineData(0, 0, 4, 0, "0:04:00")]
    [InlineData(0, 23, 59, 59, "23:59:59")]
    [InlineData(1, 3, 5, 9, "27:05:09")]
    [InlineData(3, 0, 0, 0, "72:00:00")]
    public void An_eta_counts_hours_past_a_day(int days, int hours, int minutes, int seconds, string expected) =>
        Assert.Equal(expected, UnitProgressLog.EtaText(new TimeSpan(days, hours, minutes, seconds)));

    [Fact]
    public void An_eta_without_a_rate_is_unknown() => Assert.Equal("unknown", UnitProgressLog.EtaText(null));
}
