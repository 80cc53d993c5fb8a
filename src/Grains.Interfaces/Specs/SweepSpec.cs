namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>
/// A whole sweep as the user wrote it in YAML: source runs → kernel bank → prior → evaluations.
/// Together with the data fingerprints it reproduces every result of the sweep.
/// </summary>
[GenerateSerializer, Immutable, Alias("dwp.SweepSpec")]
public sealed record SweepSpec
{
    /// <summary>A label for listings and reports.</summary>
    [Id(0)] public string Name { get; init; } = "sweep";

    /// <summary>The source CNN runs whose kernels make the bank.</summary>
    [Id(1)] public SourceSpec Source { get; init; } = new();

    /// <summary>How the kernels are pruned and split.</summary>
    [Id(2)] public BankSpec Bank { get; init; } = new();

    /// <summary>The per-layer kernel VAEs.</summary>
    [Id(3)] public PriorSpec Prior { get; init; } = new();

    /// <summary>The target-task comparisons.</summary>
    [Id(4)] public EvaluationSpec Evaluation { get; init; } = new();

    /// <summary>How much of a silo one unit may use.</summary>
    [Id(5)] public ResourcesSpec Resources { get; init; } = new();

    /// <summary>
    /// The last phase to run: <c>sources</c>, <c>bank</c>, <c>prior</c> or <c>evaluations</c>.
    /// Shorter pipelines build a bank or a prior without the target grid, or benchmark the farm.
    /// </summary>
    [Id(6)] public string StopAfter { get; init; } = SweepStages.Evaluations;

    /// <summary>
    /// Independent fronts: each builds its own sources, bank and VAEs from its own seeds and is evaluated on the same
    /// target seeds. A verdict over fronts says the prior, not one lucky front, makes the difference.
    /// </summary>
    [Id(7)] public int Fronts { get; init; } = 1;
}
