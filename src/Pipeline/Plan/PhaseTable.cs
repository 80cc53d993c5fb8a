using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Plan;

/// <summary>
/// The pipeline in order: source runs → kernel bank → one VAE per conv layer → evaluations. A new phase is a
/// row here, with its grain and its runner; the sweep grain and the lab both walk this table.
/// </summary>
public static class PhaseTable
{
    /// <summary>The conv layers of FConvMNIST whose kernels the bank holds and the prior models.</summary>
    public static readonly IReadOnlyList<string> Layers = ["conv1", "conv2"];

    public static readonly IReadOnlyList<PhaseRow> Rows =
    [
        new(SweepPhase.Sources, UnitKind.Source, SweepStages.Sources, "source runs", FailureStopsSweep: true, Sample: "image", (plan, _, fronts) => plan.Sources(fronts)),
        new(SweepPhase.Bank, UnitKind.Bank, SweepStages.Bank, "kernel bank", FailureStopsSweep: true, Sample: "model", (plan, done, fronts) => plan.Banks(done, fronts)),
        new(SweepPhase.Prior, UnitKind.Vae, SweepStages.Prior, "VAEs", FailureStopsSweep: true, Sample: "kernel", (plan, done, fronts) => plan.Vaes(done, fronts)),

        // Failed evaluations leave holes in the table, not a broken pipeline: the sweep completes with a message.
        new(SweepPhase.Evaluations, UnitKind.Evaluation, SweepStages.Evaluations, "evaluations", FailureStopsSweep: false, Sample: "image", (plan, done, fronts) => plan.Evaluations(done, fronts)),
    ];

    public static PhaseRow Row(SweepPhase phase) =>
        Rows.FirstOrDefault(r => r.Phase == phase) ?? throw new ArgumentException($"{phase} is not a phase with units", nameof(phase));

    /// <summary>The phase a unit kind belongs to, or null for a kind no phase has.</summary>
    public static PhaseRow? OfKind(string kind) => Rows.FirstOrDefault(r => r.Kind == kind);
}
