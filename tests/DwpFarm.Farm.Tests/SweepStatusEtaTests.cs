using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Grains.Sweeps;
using DwpFarm.Pipeline.Scheduling;

namespace DwpFarm.Farm.Tests;

/// <summary>A phase's ETA comes from its running units' own rates, so a long unit beside short finished ones counts down steadily.</summary>
public sealed class SweepStatusEtaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_long_fit_after_a_short_one_counts_down_at_its_own_rate()
    {
        // conv1's VAE took 60 s; conv2's reports 9,000 steps at 10 steps a second from its first report.
        var state = State(SweepPhase.Prior, new SweepSpec(), Unit("vae/conv1", UnitKind.Vae, UnitStatus.Completed, 60), Unit("vae/conv2", UnitKind.Vae, UnitStatus.Running));
        var pace = UnitPace.Next(null, Progress(0, 9000), T0);
        var etas = new List<TimeSpan?>();
        foreach (var seconds in new[] { 100, 200, 400, 800 })
        {
            pace = UnitPace.Next(pace, Progress(seconds * 10, 9000), T0.AddSeconds(seconds));
            etas.Add(Eta(state, SweepPhase.Prior, pace, T0.AddSeconds(seconds)));
        }

        Assert.Equal([800, 700, 500, 100], etas.Select(e => e!.Value.TotalSeconds));
    }

    [Fact]
    public void Between_reports_the_time_left_keeps_falling_with_the_clock()
    {
        var state = State(SweepPhase.Prior, new SweepSpec(), Unit("vae/conv1", UnitKind.Vae, UnitStatus.Completed, 60), Unit("vae/conv2", UnitKind.Vae, UnitStatus.Running));
        var pace = UnitPace.Next(UnitPace.Next(null, Progress(0, 1000), T0), Progress(500, 1000), T0.AddSeconds(50));

        Assert.Equal(TimeSpan.FromSeconds(30), Eta(state, SweepPhase.Prior, pace, T0.AddSeconds(70)));
        Assert.Equal(TimeSpan.Zero, Eta(state, SweepPhase.Prior, pace, T0.AddSeconds(500)));
    }

    [Fact]
    public void A_unit_that_has_not_moved_since_its_first_report_gives_no_eta()
    {
        var state = State(SweepPhase.Prior, new SweepSpec(), Unit("vae/conv2", UnitKind.Vae, UnitStatus.Running));
        var pace = UnitPace.Next(UnitPace.Next(null, Progress(300, 1000), T0), Progress(300, 1000), T0.AddSeconds(20));

        Assert.Null(Eta(state, SweepPhase.Prior, pace, T0.AddSeconds(20)));
        Assert.Null(Eta(state, SweepPhase.Prior, null, T0.AddSeconds(20)));
    }

    [Fact]
    public void Work_that_goes_backwards_is_a_new_attempt_and_its_rate_starts_over()
    {
        var pace = UnitPace.Next(UnitPace.Next(null, Progress(0, 1000), T0), Progress(900, 1000), T0.AddSeconds(90));

        var retried = UnitPace.Next(pace, Progress(100, 1000), T0.AddSeconds(200));

        Assert.Equal(T0.AddSeconds(200), retried.FirstAt);
        Assert.Null(retried.Remaining(T0.AddSeconds(200)));
    }

    [Fact]
    public void Waiting_units_add_the_finished_units_mean_duration_shared_over_the_running_ones()
    {
        // 4 evaluations: one took 100 s, two run with 50 s left each, one waits: (50 + 50 + 100) / 2 = 100 s.
        var spec = new SweepSpec { Evaluation = new EvaluationSpec { Seeds = 1 } };
        var state = State(SweepPhase.Evaluations, spec, Unit("eval/dwp", UnitKind.Evaluation, UnitStatus.Completed, 100), Unit("eval/xavier", UnitKind.Evaluation, UnitStatus.Running), Unit("eval/filters", UnitKind.Evaluation, UnitStatus.Running));
        var pace = UnitPace.Next(UnitPace.Next(null, Progress(0, 100), T0), Progress(50, 100), T0.AddSeconds(50));
        var progress = new Dictionary<string, UnitPace> { ["s/eval/xavier"] = pace, ["s/eval/filters"] = pace };

        var phase = SweepStatusBuilder.Build("s", state, progress, T0.AddSeconds(50)).Phases.Single(p => p.Phase == SweepPhase.Evaluations);

        Assert.Equal(TimeSpan.FromSeconds(100), phase.Eta);
    }

    [Fact]
    public void A_running_unit_of_two_slots_counts_two_busy_slots_in_the_status()
    {
        var spec = new SweepSpec { Evaluation = new EvaluationSpec { Seeds = 1 } };
        var state = State(SweepPhase.Evaluations, spec, Unit("eval/dwp", UnitKind.Evaluation, UnitStatus.Running) with { Slots = 2 }, Unit("eval/xavier", UnitKind.Evaluation, UnitStatus.Running));

        var phase = SweepStatusBuilder.Build("s", state, new Dictionary<string, UnitPace>(), T0).Phases.Single(p => p.Phase == SweepPhase.Evaluations);

        Assert.Equal((2, 3), (phase.Running, phase.BusySlots));
        Assert.Equal("2 (3 slots)", Client.Farm.SweepStatusView.Running(phase));
        Assert.Equal("1", Client.Farm.SweepStatusView.Running(phase with { Running = 1, BusySlots = 1 }));
    }

    private static TimeSpan? Eta(SweepState state, SweepPhase phase, UnitPace? pace, DateTimeOffset now)
    {
        var progress = pace is null ? new Dictionary<string, UnitPace>() : new Dictionary<string, UnitPace> { ["s/vae/conv2"] = pace };
        return SweepStatusBuilder.Build("s", state, progress, now).Phases.Single(p => p.Phase == phase).Eta;
    }

    private static SweepState State(SweepPhase phase, SweepSpec spec, params UnitSummary[] units) => new()
    {
        Spec = spec,
        Phase = phase,
        Units = units.ToDictionary(u => u.UnitId),
    };

    private static UnitSummary Unit(string id, string kind, UnitStatus status, double seconds = 0) => new()
    {
        UnitId = $"s/{id}",
        Kind = kind,
        Status = status,
        Result = status == UnitStatus.Completed ? new EvaluationResult { DataSha256 = "x", Environment = "x", Method = "x", TrainSize = 1, Seed = 0, Steps = [], Accuracy = [], Duration = TimeSpan.FromSeconds(seconds) } : null,
    };

    private static UnitProgress Progress(long done, long total) => new(done, total, 0, "step");
}
