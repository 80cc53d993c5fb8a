using System.Diagnostics;
using DwpFarm.Dwp.Torch;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Pipeline.Local;

/// <summary>
/// Runs a whole <see cref="SweepPlan"/> in this process: each phase's units spread over slot threads, with the
/// farm's own runners and the plan's work, so the numbers are the farm's to the bit. Nothing is stored; a
/// failed unit stops the run (the farm would record it and go on). With a <see cref="SourceRunCache"/>, source nets
/// trained before for the same key are reused instead of trained again.
/// </summary>
public static class LocalSweep
{
    public static LocalSweepResult Run(SweepSpec spec, string specText, SpecDataSets data, int slots, Action<string>? log = null, SourceRunCache? sources = null, CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        var submitted = DateTimeOffset.UtcNow;
        var plan = new SweepPlan(spec.Name, spec);
        var artifacts = new MemoryArtifacts();
        IReadOnlyList<IUnitRunner> runners = [new SourceRunRunner(data), new BankRunner(), new VaeRunner(), new EvaluationRunner(data)];
        var runnerOf = runners.ToDictionary(r => r.Kind);
        var done = new Dictionary<string, UnitResult>();
        var units = new List<UnitSummary>();
        var stages = new Dictionary<string, double>();
        var phases = new List<PhaseProgress>();
        foreach (var row in plan.Phases)
        {
            var clock = Stopwatch.StartNew();

            // The DWP evaluations cost the most (a VAE pass per kernel and step), so they start first and the rest fill in.
            var work = plan.Work(row.Phase, done).OrderBy(w => w is EvaluationWork { Method: "dwp" } ? 0 : 1).ToList();
            var results = SlotRunner.Run(work, slots, spec.Resources.ThreadsPerSlot, (w, ct) =>
            {
                var started = DateTimeOffset.UtcNow;
                if (sources is not null && w is SourceRunWork source && sources.Find(source, data.Letters(source.Spec).Sha256, artifacts) is { } kept)
                {
                    // Its recorded duration stays the training's; the stage's time shows what reuse saved.
                    log($"{UnitLines.Describe(w, kept)}, trained before (kept in {sources.Folder})");
                    return (Result: (UnitResult)kept, Started: started);
                }

                var result = runnerOf[row.Kind].Run(w, new MemoryRunContext(artifacts, spec.Resources.ThreadsPerSlot), ct) with { Duration = DateTimeOffset.UtcNow - started, Front = w.Front };
                if (sources is not null && w is SourceRunWork trained && result is SourceRunResult model)
                {
                    sources.Store(trained, model, artifacts.Read(model.Model));
                }

                log(UnitLines.Describe(w, result));
                return (Result: result, Started: started);
            }, w => w.UnitId, cancellationToken);
            foreach (var (w, r) in work.Zip(results))
            {
                done[w.UnitId] = r.Result;
                units.Add(new UnitSummary
                {
                    UnitId = w.UnitId,
                    Kind = row.Kind,
                    Status = UnitStatus.Completed,
                    Attempts = 1,
                    Seed = w.Seed,
                    Artifacts = ArtifactsOf(r.Result),
                    StartedAt = r.Started,
                    FinishedAt = r.Started + r.Result.Duration,
                    Silo = Environment.MachineName,
                    Result = r.Result,
                });
            }

            stages[row.Stage] = clock.Elapsed.TotalSeconds;
            phases.Add(new PhaseProgress { Phase = row.Phase, Total = work.Count, Completed = work.Count, Fraction = 1 });
        }

        var report = new SweepReport
        {
            Status = new SweepStatus
            {
                SweepId = plan.SweepId,
                Name = spec.Name,
                Phase = SweepPhase.Completed,
                Phases = phases,
                SubmittedAt = submitted,
                FinishedAt = DateTimeOffset.UtcNow,
            },
            Spec = spec,
            SpecText = specText,
            Units = [.. units.OrderBy(u => u.UnitId, StringComparer.Ordinal)],
        };
        return new LocalSweepResult(report, artifacts, stages);
    }

    private static IReadOnlyList<Grains.Interfaces.ArtifactRef> ArtifactsOf(UnitResult result) => result switch
    {
        SourceRunResult r => [r.Model],
        BankResult r => [r.Bank],
        VaeResult r => [r.Weights],
        _ => [],
    };
}
