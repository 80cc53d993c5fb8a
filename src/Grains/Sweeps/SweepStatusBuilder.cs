using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Scheduling;

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
                Eta = PhaseEta.Estimate(running, completed.Select(u => u.Result?.Duration).OfType<TimeSpan>(), Math.Max(0, total - completed.Count - failed - running.Count), now),
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
}
