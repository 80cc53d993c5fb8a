using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;

namespace DwpFarm.Grains.Sweeps;

/// <summary>Summarises a sweep's units into per-phase progress with throughput and an ETA.</summary>
public static class SweepStatusBuilder
{
    public static SweepStatus Build(string sweepId, SweepState state, IReadOnlyDictionary<string, UnitPace> progress, DateTimeOffset now)
    {
        var spec = state.Spec;
        var phases = new List<PhaseProgress>();
        // A sweep that stops early shows only the phases it runs.
        var plan = spec is null ? null : new SweepPlan(sweepId, spec);
        foreach (var (phase, kind) in (plan?.Phases ?? PhaseTable.Rows).Select(r => (r.Phase, r.Kind)))
        {
            var units = state.Units.Values.Where(u => u.Kind == kind).ToList();
            var total = plan?.Planned(phase) ?? 0;
            var completed = units.Where(u => u.Status == UnitStatus.Completed).ToList();
            var failed = units.Count(u => u.Status == UnitStatus.Failed);
            var runningUnits = units.Where(u => u.Status == UnitStatus.Running).ToList();
            var running = runningUnits.Select(u => progress.GetValueOrDefault(u.UnitId)).ToList();
            var partial = running.Sum(p => p is { Last.Total: > 0 } ? Math.Clamp((double)p.Last.Done / p.Last.Total, 0, 1) : 0);
            var fraction = total == 0 ? 0 : Math.Clamp((completed.Count + failed + partial) / total, 0, 1);
            phases.Add(new PhaseProgress
            {
                Phase = phase,
                Total = total,
                Completed = completed.Count,
                Failed = failed,
                Running = running.Count,
                BusySlots = runningUnits.Sum(u => Math.Max(1, u.Slots)),
                SamplesPerSecond = running.Sum(p => p?.Last.SamplesPerSecond ?? 0),
                Fraction = fraction,
                Eta = Eta(running, completed, Math.Max(0, total - completed.Count - failed - running.Count), now),
            });
        }

        return new SweepStatus
        {
            SweepId = sweepId,
            Name = spec?.Name ?? string.Empty,
            Phase = state.Phase,
            Phases = phases,
            SubmittedAt = state.SubmittedAt,
            FinishedAt = state.FinishedAt,
            Message = state.Message,
        };
    }

    /// <summary>
    /// Each running unit's time left at its own rate (<see cref="UnitPace"/>), the longest of them once nothing waits;
    /// units still waiting add the mean duration of this phase's finished units (or of the running ones' projections),
    /// shared over as many slots as units run now. Null until a running unit has moved: never a guess from the phase's
    /// elapsed time, which units of very different lengths (conv1's VAE and conv2's) make rise and fall.
    /// </summary>
    private static TimeSpan? Eta(List<UnitPace?> running, List<UnitSummary> completed, int waiting, DateTimeOffset now)
    {
        var left = running.Select(p => p?.Remaining(now)).OfType<TimeSpan>().ToList();
        if (left.Count == 0)
        {
            return null;
        }

        var longest = left.Max();
        if (waiting == 0)
        {
            return longest;
        }

        var durations = completed.Select(u => u.Result?.Duration).OfType<TimeSpan>().Where(d => d > TimeSpan.Zero).ToList();
        if (durations.Count == 0)
        {
            durations = [.. running.Select(p => p?.Duration(now)).OfType<TimeSpan>()];
        }

        var mean = TimeSpan.FromTicks((long)durations.Average(d => d.Ticks));
        var shared = (left.Aggregate(TimeSpan.Zero, (a, b) => a + b) + (mean * waiting)) / Math.Max(1, running.Count);
        return shared > longest ? shared : longest;
    }
}
