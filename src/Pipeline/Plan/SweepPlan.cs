using DwpFarm.Dwp.Initialization;
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

    /// <summary>Every unit the spec plans, across its phases.</summary>
    public int Total => Phases.Sum(r => Planned(r.Phase));

    /// <summary>
    /// The plan as a graph: the work of every unit whose inputs are all in <paramref name="done"/>, in phase order.
    /// A source needs nothing; a front's bank needs its sources; its VAEs need its bank; an evaluation needs what its
    /// method or prior draws on (<see cref="UnitOptions.Inputs(EvaluationSpec, string)"/>): nothing for xavier or
    /// default, the bank for filters, the VAEs for dwp. The farm's sweep grain and the lab call it after each finished
    /// unit and start what it names that has not started, so phases report progress and are not barriers.
    /// </summary>
    public IReadOnlyList<UnitWork> Ready(IReadOnlyDictionary<string, UnitResult> done) => [.. Phases.SelectMany(r => r.Work(this, done, Fronts))];

    /// <summary>The units of <paramref name="phase"/> whose inputs are in <paramref name="done"/> (see <see cref="Ready"/>).</summary>
    public IReadOnlyList<UnitWork> Work(SweepPhase phase, IReadOnlyDictionary<string, UnitResult> done) => PhaseTable.Row(phase).Work(this, done, Fronts);

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
        .. fronts.Where(front => Spec.Bank.Import is not null || Enumerable.Range(0, Spec.Source.Count).All(i => done.ContainsKey(UnitIds.Source(SweepId, i, front))))
            .Select(front => new BankWork
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
           where done.ContainsKey(UnitIds.Bank(SweepId, front))
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
               Pull = Spec.Prior.Pull,
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
               let inputs = e.Arms.ToDictionary(method => method, method => FrontParts(done, front, UnitOptions.Inputs(e, method)))
               from size in e.TrainSizes
               from method in e.Arms
               where inputs[method].Ready
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
                   Bank = inputs[method].Bank,
                   Vaes = inputs[method].Vaes,
               },
        ];
    }

    /// <summary>
    /// The parts of a front that <paramref name="needs"/> names, and whether they are all done: an evaluation carries
    /// only what its method or prior draws on, so it is ready as soon as those are.
    /// </summary>
    private (bool Ready, ArtifactRef? Bank, IReadOnlyList<ArtifactRef> Vaes) FrontParts(IReadOnlyDictionary<string, UnitResult> done, int front, FrontInputs needs)
    {
        var bankId = UnitIds.Bank(SweepId, front);
        var vaeIds = PhaseTable.Layers.Select(l => UnitIds.Vae(SweepId, l, front)).ToList();
        var needsBank = (needs & (FrontInputs.Bank | FrontInputs.Gaussians)) != 0;
        var needsVaes = needs.HasFlag(FrontInputs.Vaes);
        if (needsBank && !done.ContainsKey(bankId) || needsVaes && !vaeIds.All(done.ContainsKey))
        {
            return (false, null, []);
        }

        return (
            true,
            needsBank ? Input<BankResult>(done, bankId).Bank : null,
            needsVaes ? [.. vaeIds.Select(id => Input<VaeResult>(done, id).Weights)] : []);
    }

    private VaeSpec VaeSpecOf(int layerIndex) => layerIndex == 0 ? Spec.Prior.Conv1 : Spec.Prior.Conv2;

    private static T Input<T>(IReadOnlyDictionary<string, UnitResult> done, string unitId)
        where T : UnitResult =>
        done.TryGetValue(unitId, out var result) && result is T typed
            ? typed
            : throw new InvalidOperationException($"{unitId} has no recorded result; the phase that needs it cannot start");
}
