using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Sweeps;

/// <summary>Summarises a sweep's units into per-phase progress with throughput and an ETA.</summary>
public static class SweepStatusBuilder
{
    private static readonly (SweepPhase Phase, string Kind, string Stage)[] Phases =
    [
        (SweepPhase.Sources, UnitKind.Source, SweepStages.Sources),
        (SweepPhase.Bank, UnitKind.Bank, SweepStages.Bank),
        (SweepPhase.Prior, UnitKind.Vae, SweepStages.Prior),
        (SweepPhase.Evaluations, UnitKind.Evaluation, SweepStages.Evaluations),
    ];

    public static SweepStatus Build(string sweepId, SweepState state, IReadOnlyDictionary<string, UnitProgress> progress, DateTimeOffset now)
    {
        var spec = state.Spec;
        var phases = new List<PhaseProgress>();
        // A sweep that stops early shows only the phases it runs.
        foreach (var (phase, kind, _) in Phases.Where(p => spec is null || SweepStages.Runs(spec.StopAfter, p.Stage)))
        {
            var units = state.Units.Values.Where(u => u.Kind == kind).ToList();
            var total = spec is null ? 0 : Planned(spec, phase);
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

    /// <summary>Units a phase will have, known from the spec before the phase starts.</summary>
    public static int Planned(Interfaces.Specs.SweepSpec spec, SweepPhase phase) => phase switch
    {
        SweepPhase.Sources => spec.Source.Count,
        SweepPhase.Bank => 1,
        SweepPhase.Prior => 2,
        SweepPhase.Evaluations => (int)spec.Evaluation.Units,
        _ => 0,
    };

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
