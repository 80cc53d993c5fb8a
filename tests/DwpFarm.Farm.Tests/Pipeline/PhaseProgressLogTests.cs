using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Local;
using DwpFarm.Pipeline.Plan;
using Microsoft.Extensions.Time.Testing;

namespace DwpFarm.Farm.Tests.Pipeline;

public sealed class PhaseProgressLogTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly List<string> _lines = [];
    private readonly PhaseProgressLog _log;

    public PhaseProgressLogTests() =>
        _log = new PhaseProgressLog(new SweepPlan("s", new SweepSpec { Name = "s", Source = new SourceSpec { Count = 4 } }), _lines.Add, _clock);

    private static string Source(int i) => UnitIds.Source("s", i);

    [Fact]
    public void A_trained_unit_prints_the_phase_count_and_an_eta_from_the_running_units_and_the_finished_ones()
    {
        _log.Started(Source(0));
        _log.Started(Source(1));
        _log.Reported(Source(1), new UnitProgress(0, 100, 0, "epoch 1/100"));
        _clock.Advance(TimeSpan.FromSeconds(80));
        _log.Reported(Source(1), new UnitProgress(40, 100, 0, "epoch 40/100"));
        _clock.Advance(TimeSpan.FromSeconds(20));
        _log.Finished(Source(0), TimeSpan.FromSeconds(100));

        // Source 1 has 120 s left at its own rate, less the 20 s since its report: 100 s; the two waiting take the
        // finished one's 100 s each, shared over source 1's slot and the one source 0 frees: 150 s.
        Assert.Equal(["s: source runs 1 of 4 done, 1 running, ETA 0:02:30"], _lines);
    }

    [Fact]
    public void Units_from_the_cache_are_counted_but_print_nothing_and_add_no_duration()
    {
        _log.Started(Source(0));
        _log.Reused(Source(0));
        _log.Started(Source(1));
        _log.Reported(Source(1), new UnitProgress(0, 100, 0, "epoch 1/100"));
        _clock.Advance(TimeSpan.FromSeconds(50));
        _log.Reported(Source(1), new UnitProgress(50, 100, 0, "epoch 50/100"));
        _log.Started(Source(2));
        _log.Finished(Source(2), TimeSpan.FromSeconds(10));

        // Source 1 has 50 s left; source 3 waits and takes source 2's 10 s: 60 s over 2 slots is less than source 1's own 50.
        Assert.Equal(["s: source runs 2 of 4 done (1 from the cache), 1 running, ETA 0:00:50"], _lines);
    }

    [Fact]
    public void A_running_unit_that_has_not_moved_counts_as_the_finished_mean_and_the_last_unit_prints_no_eta()
    {
        _log.Started(Source(0));
        _log.Started(Source(1));
        _log.Finished(Source(0), TimeSpan.FromSeconds(100));
        foreach (var i in new[] { 1, 2, 3 })
        {
            _log.Started(Source(i));
            _log.Finished(Source(i), TimeSpan.FromSeconds(100));
        }

        // Source 1 has just started (no rate yet): it and the two waiting take source 0's 100 s each, over 2 slots.
        Assert.Equal("s: source runs 1 of 4 done, 1 running, ETA 0:02:30", _lines[0]);
        Assert.Equal("s: source runs 4 of 4 done", _lines[^1]);
    }

    [Fact]
    public void Without_a_unit_that_moved_or_took_time_the_eta_is_unknown()
    {
        _log.Started(Source(0));
        _log.Reused(Source(0));
        _log.Started(Source(1));
        _log.Started(Source(2));
        _log.Finished(Source(2), TimeSpan.Zero);

        Assert.Equal(["s: source runs 2 of 4 done (1 from the cache), 1 running, ETA unknown"], _lines);
    }
}
