using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;

namespace DwpFarm.Grains.Sweeps;

/// <summary>Summarises a sweep's units into per-phase progress with throughput and an ETA.</summary>
public static class SweepStatusBuilder
{
    public static SweepStatus Build(string sweepId, SweepState state, IReadOnlyDictionary<string, UnitProgress> progress, DateTimeOffset now)
    {
        var spec = state.Spec;
        var phases = new List<PhaseProgress>();
        // A sweep that stops early shows only the phases it runs.
        var plan = spec is null ? null : new SweepPlan(sweepId, spec);
        foreach (var (phase, kind) in (plan?.Phases ?? PhaseTable.Rows).Select(r => (r.Phase, r.Kind)))
        {
            var units = state.Units.Values.Where(u => u.Kind == kind).ToList();
            var total = plan?.Planned(phase) ?? 0;
            var completed = units.Count(u => u.Status == UnitStatus.Completed);
            var failed = units.Count(u => u.Status == UnitStatus.Failed);
            var running = units.Where(u => u.Status == UnitStatus.Running).ToList();
            var partial = running.Sum(u => progress.TryGetValue(u.UnitId, out var p) && p.Total > 0 ? Math.Clamp((double)p.Done / p.Total, 0, 1) : 0);
            var fraction = total == 0 ? 0 : Math.Clamp((completed + failed + partial) / total, 0, 1);
            phases.Add(new PhaseProgress
            {
                Phase = phase,
                Total = total,
                Completed = completed,
                Failed = failed,
                Running = running.Count,
                SamplesPerSecond = running.Sum(u => progress.TryGetValue(u.UnitId, out var p) ? p.SamplesPerSecond : 0),
                Fraction = fraction,
                Eta = Eta(state, phase, fraction, now),
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

    private static TimeSpan? Eta(SweepState state, SweepPhase phase, double fraction, DateTimeOffset now)
    {
        if (state.Phase != phase || fraction is <= 0.01 or >= 1 || !state.PhaseStartedAt.TryGetValue(phase, out var started))
        {
            return null;
        }

        var elapsed = now - started;
        return TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - fraction) / fraction);
    }
}
