using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Plan;

/// <summary>
/// What a <see cref="SweepSpec"/> asks for, unit by unit: which phases run, and each phase's work with its
/// unit id and seed, built from the results of the phases before it. Pure and deterministic, so the sweep
/// grain can rebuild any phase's work after a restart and the lab builds exactly the farm's work.
/// </summary>
public sealed class SweepPlan(string sweepId, SweepSpec spec)
{
    public string SweepId { get; } = sweepId;

    public SweepSpec Spec { get; } = spec;

    /// <summary>
    /// The phases this spec runs, in order: a spec may stop after any of them, and an imported bank needs no sources.
    /// </summary>
    public IReadOnlyList<PhaseRow> Phases { get; } =
        [.. PhaseTable.Rows.Where(r => SweepStages.Runs(spec.StopAfter, r.Stage) && !(r.Phase == SweepPhase.Sources && spec.Bank.Import is not null))];

    public bool Runs(SweepPhase phase) => Phases.Any(r => r.Phase == phase);

    /// <summary>The phase after <paramref name="phase"/>, or <see cref="SweepPhase.Completed"/> after the last.</summary>
    public SweepPhase After(SweepPhase phase)
    {
        for (var i = 0; i < Phases.Count - 1; i++)
        {
            if (Phases[i].Phase == phase)
            {
                return Phases[i + 1].Phase;
            }
        }

        return SweepPhase.Completed;
    }

    /// <summary>Units a phase will have, known before it starts.</summary>
    public int Planned(SweepPhase phase) => Spec.Fronts * phase switch
    {
        SweepPhase.Sources => Spec.Bank.Import is null ? Spec.Source.Count : 0,
        SweepPhase.Bank => 1,
        SweepPhase.Prior => PhaseTable.Layers.Count,
        SweepPhase.Evaluations => (int)Spec.Evaluation.Units,
        _ => 0,
    };

    /// <summary>The work of every unit of <paramref name="phase"/>, given the completed results of the phases before it.</summary>
    public IReadOnlyList<UnitWork> Work(SweepPhase phase, IReadOnlyDictionary<string, UnitResult> done) => PhaseTable.Row(phase).Work(this, done, Fronts);

    /// <summary>
    /// The work of one front's units of <paramref name="phase"/>: fronts are independent, so a front's phase can
    /// start once that front's phase before it is done.
    /// </summary>
    public IReadOnlyList<UnitWork> Work(SweepPhase phase, IReadOnlyDictionary<string, UnitResult> done, int front) =>
        front >= 0 && front < Spec.Fronts
            ? PhaseTable.Row(phase).Work(this, done, [front])
            : throw new ArgumentOutOfRangeException(nameof(front), front, $"the spec has {Spec.Fronts} front(s)");

    /// <summary>The indices of the spec's fronts.</summary>
    public IReadOnlyList<int> Fronts => [.. Enumerable.Range(0, Spec.Fronts)];

    internal IReadOnlyList<UnitWork> Sources(IReadOnlyList<int> fronts) =>
    [
        .. from front in fronts
           from i in Enumerable.Range(0, Spec.Source.Count)
           select new SourceRunWork
           {
               SweepId = SweepId,
               UnitId = UnitIds.Source(SweepId, i, front),
               Seed = PlanSeeds.Source(Spec.Source, i, front),
               Resources = Spec.Resources,
               Front = front,
               Spec = Spec.Source,
               Index = i,
           },
    ];

    internal IReadOnlyList<UnitWork> Banks(IReadOnlyDictionary<string, UnitResult> done, IReadOnlyList<int> fronts) =>
    [
        .. fronts.Select(front => new BankWork
        {
            SweepId = SweepId,
            UnitId = UnitIds.Bank(SweepId, front),
            Seed = PlanSeeds.Bank(Spec.Bank, front),
            Resources = Spec.Resources,
            Front = front,
            Spec = Spec.Bank,
            Models = Spec.Bank.Import is null ? [.. Enumerable.Range(0, Spec.Source.Count).Select(i => Input<SourceRunResult>(done, UnitIds.Source(SweepId, i, front)).Model)] : [],
            Layers = PhaseTable.Layers,
        }),
    ];

    internal IReadOnlyList<UnitWork> Vaes(IReadOnlyDictionary<string, UnitResult> done, IReadOnlyList<int> fronts) =>
    [
        .. from front in fronts
           let bank = Input<BankResult>(done, UnitIds.Bank(SweepId, front)).Bank
           from index in Enumerable.Range(0, PhaseTable.Layers.Count)
           let spec = VaeSpecOf(index)
           select new VaeWork
           {
               SweepId = SweepId,
               UnitId = UnitIds.Vae(SweepId, PhaseTable.Layers[index], front),
               Seed = PlanSeeds.Vae(spec, index, front),
               Resources = Spec.Resources,
               Front = front,
               Layer = PhaseTable.Layers[index],
               LayerIndex = index,
               EnforceGates = Spec.Prior.Gates,
               Import = Spec.Prior.Import,
               Spec = spec,
               Bank = bank,
           },
    ];

    internal IReadOnlyList<UnitWork> Evaluations(IReadOnlyDictionary<string, UnitResult> done, IReadOnlyList<int> fronts)
    {
        var e = Spec.Evaluation;
        return
        [
            .. from front in fronts
               let bank = Input<BankResult>(done, UnitIds.Bank(SweepId, front)).Bank
               let vaes = (IReadOnlyList<ArtifactRef>)[.. PhaseTable.Layers.Select(l => Input<VaeResult>(done, UnitIds.Vae(SweepId, l, front)).Weights)]
               from size in e.TrainSizes
               from method in e.Arms
               from seed in Enumerable.Range(e.Seed, e.Seeds)
               select new EvaluationWork
               {
                   SweepId = SweepId,
                   UnitId = UnitIds.Evaluation(SweepId, method, size, seed, front),
                   Seed = PlanSeeds.Evaluation(seed),
                   Resources = Spec.Resources,
                   Front = front,
                   Spec = e,
                   Method = method,
                   TrainSize = size,
                   Bank = bank,
                   Vaes = vaes,
               },
        ];
    }

    private VaeSpec VaeSpecOf(int layerIndex) => layerIndex == 0 ? Spec.Prior.Conv1 : Spec.Prior.Conv2;

    private static T Input<T>(IReadOnlyDictionary<string, UnitResult> done, string unitId)
        where T : UnitResult =>
        done.TryGetValue(unitId, out var result) && result is T typed
            ? typed
            : throw new InvalidOperationException($"{unitId} has no recorded result; the phase that needs it cannot start");
}
