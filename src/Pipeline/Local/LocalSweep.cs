using System.Diagnostics;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Scheduling;
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
        var phaseLog = new PhaseProgressLog(plan, log, TimeProvider.System);

        // One engine with the farm's: after each finished unit, start every unit of the plan's graph whose inputs are done.
        var phaseOf = plan.Phases.Select((row, index) => (row.Kind, index)).ToDictionary(p => p.Kind, p => p.index);
        var issued = new HashSet<string>(StringComparer.Ordinal);
        List<(UnitWork Work, int Phase)> Ready() =>
            [.. plan.Ready(done).Where(w => issued.Add(w.UnitId)).Select(w => (w, phaseOf[UnitIds.KindOf(w.UnitId)]))];

        if (UnitSlots.TooLarge(spec, slots, "this run") is { } tooLarge)
        {
            throw new Dwp.DwpException(tooLarge);
        }

        SlotScheduler.Run(
            Ready(),
            slots,
            spec.Resources.ThreadsPerSlot,
            (item, ct) => Run(item.Work, runnerOf[plan.Phases[item.Phase].Kind], artifacts, data, sources, log, phaseLog, ct),
            (item, r) =>
            {
                var (w, phase) = item;
                done[w.UnitId] = r.Result;
                units.Add(new UnitSummary
                {
                    UnitId = w.UnitId,
                    Kind = plan.Phases[phase].Kind,
                    Status = UnitStatus.Completed,
                    Attempts = 1,
                    Seed = w.Seed,
                    Artifacts = ArtifactsOf(r.Result),
                    StartedAt = r.Started,
                    FinishedAt = r.Finished,
                    Silo = Environment.MachineName,
                    Result = r.Result,
                    Slots = UnitSlots.Of(w),
                });
                return Ready();
            },
            Comparer<(UnitWork Work, int Phase)>.Create((a, b) => Rank(a).CompareTo(Rank(b))),
            item => item.Work.UnitId,
            item => UnitSlots.Of(item.Work),
            cancellationToken);

        // Phases of different fronts overlap, so a stage's time is the span from its first start to its last finish.
        var stages = new Dictionary<string, double>();
        var phases = new List<PhaseProgress>();
        foreach (var row in plan.Phases)
        {
            var ran = units.Where(u => u.Kind == row.Kind).ToList();
            stages[row.Stage] = ran.Count == 0 ? 0 : (ran.Max(u => u.FinishedAt!.Value) - ran.Min(u => u.StartedAt!.Value)).TotalSeconds;
            phases.Add(new PhaseProgress { Phase = row.Phase, Total = ran.Count, Completed = ran.Count, Fraction = 1 });
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
            Slots = slots,
        };
        return new LocalSweepResult(report, artifacts, stages);
    }

    private static (UnitResult Result, DateTimeOffset Started, DateTimeOffset Finished) Run(
        UnitWork w, IUnitRunner runner, MemoryArtifacts artifacts, SpecDataSets data, SourceRunCache? sources, Action<string> log, PhaseProgressLog phaseLog, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        phaseLog.Started(w.UnitId);
        if (sources is not null && w is SourceRunWork source && sources.Find(source, data.SourceImages(source.Spec).Sha256, artifacts) is { } kept)
        {
            // Its recorded duration stays the training's; its span, and so the stage's time and the slots' use, show what reuse saved.
            log($"{UnitLines.Describe(w, kept)}, trained before (kept in {sources.Folder})");
            phaseLog.Reused(w.UnitId);
            return (kept, started, DateTimeOffset.UtcNow);
        }

        Action<int, Grains.Interfaces.ArtifactRef>? checkpoint = null;
        if (sources is not null && w is SourceRunWork run)
        {
            var sha256 = data.SourceImages(run.Spec).Sha256;
            (w, var epochs) = sources.Resume(run, sha256, artifacts);
            if (epochs > 0)
            {
                log($"{w.UnitId}: resuming from epoch {epochs} of {run.Spec.Epochs} (kept in {sources.Folder})");
            }

            checkpoint = (epoch, artifact) => sources.StorePartial(run, sha256, epoch, artifacts.Read(artifact));
        }

        var progress = new UnitProgressLog(w.UnitId, log, TimeProvider.System);
        var unitId = w.UnitId;
        void Report(UnitProgress p)
        {
            phaseLog.Reported(unitId, p);
            progress.Report(p);
        }

        var result = runner.Run(w, new MemoryRunContext(artifacts, UnitSlots.Threads(w), Report, checkpoint), ct) with { Duration = DateTimeOffset.UtcNow - started, Front = w.Front };
        if (sources is not null && w is SourceRunWork trained && result is SourceRunResult model)
        {
            sources.Store(trained, model, artifacts.Read(model.Model));
        }

        log(UnitLines.Describe(w, result));
        phaseLog.Finished(unitId, result.Duration);
        return (result, started, started + result.Duration);
    }

    /// <summary>The farm's order (<see cref="UnitRank"/>), then the front.</summary>
    private static (int Priority, int Front) Rank((UnitWork Work, int Phase) item) => (-UnitRank.Priority(item.Work), item.Work.Front);

    private static IReadOnlyList<Grains.Interfaces.ArtifactRef> ArtifactsOf(UnitResult result) => result switch
    {
        SourceRunResult r => [r.Model],
        BankResult r => [r.Bank],
        VaeResult r => [r.Weights],
        _ => [],
    };
}
