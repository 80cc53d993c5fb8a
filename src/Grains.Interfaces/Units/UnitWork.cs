using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>What a slot needs to run one attempt of a unit: its spec and input references.</summary>
[GenerateSerializer, Immutable, Alias("dwp.UnitWork")]
public abstract record UnitWork
{
    [Id(0)] public required string SweepId { get; init; }

    [Id(1)] public required string UnitId { get; init; }

    /// <summary>The seed this unit's randomness derives from.</summary>
    [Id(2)] public required long Seed { get; init; }

    [Id(3)] public required ResourcesSpec Resources { get; init; }

    /// <summary>The independent front (sources → bank → VAEs) this unit belongs to, or evaluates; 0 for a sweep with one.</summary>
    [Id(4)] public int Front { get; init; }

    /// <summary>The artifacts other units wrote that this work reads (not serialized: it derives from the fields).</summary>
    public virtual IReadOnlyList<ArtifactRef> Inputs => [];
}

/// <summary>Train source net <see cref="Index"/>, resuming after <see cref="CompletedEpochs"/> from <see cref="Checkpoint"/>.</summary>
[GenerateSerializer, Immutable, Alias("dwp.SourceRunWork")]
public sealed record SourceRunWork : UnitWork
{
    [Id(0)] public required SourceSpec Spec { get; init; }

    [Id(1)] public required int Index { get; init; }

    [Id(2)] public ArtifactRef? Checkpoint { get; init; }

    [Id(3)] public int CompletedEpochs { get; init; }

    /// <summary>
    /// Every checkpoint recorded, epoch 1 first (<see cref="Checkpoint"/> is the last), so a run whose latest
    /// checkpoint is corrupt resumes from the one before. Shorter than <see cref="CompletedEpochs"/> only in
    /// state written before it existed.
    /// </summary>
    [Id(4)] public IReadOnlyList<ArtifactRef> Checkpoints { get; init; } = [];
}

/// <summary>Build the kernel bank from every source run's trained model.</summary>
[GenerateSerializer, Immutable, Alias("dwp.BankWork")]
public sealed record BankWork : UnitWork
{
    [Id(0)] public required BankSpec Spec { get; init; }

    /// <summary>The trained source models in run order.</summary>
    [Id(1)] public required IReadOnlyList<ArtifactRef> Models { get; init; }

    /// <summary>The conv layers' names, in order (<c>conv1</c>, <c>conv2</c>).</summary>
    [Id(2)] public required IReadOnlyList<string> Layers { get; init; }

    public override IReadOnlyList<ArtifactRef> Inputs => Models;
}

/// <summary>Fit one layer's kernel VAE on the bank.</summary>
[GenerateSerializer, Immutable, Alias("dwp.VaeWork")]
public sealed record VaeWork : UnitWork
{
    /// <summary><c>conv1</c> or <c>conv2</c>.</summary>
    [Id(0)] public required string Layer { get; init; }

    /// <summary>The layer's index in the bank (0 for conv1).</summary>
    [Id(3)] public required int LayerIndex { get; init; }

    /// <summary>Whether missing a quality gate fails the unit (<see cref="Specs.PriorSpec.Gates"/>).</summary>
    [Id(4)] public bool EnforceGates { get; init; } = true;

    /// <summary>A folder of published VAEs to load instead of fitting (<see cref="Specs.PriorSpec.Import"/>).</summary>
    [Id(5)] public string? Import { get; init; }

    /// <summary>Whether to measure where the fitted prior pulls kernels (<see cref="Specs.PriorSpec.Pull"/>).</summary>
    [Id(6)] public bool Pull { get; init; }

    [Id(1)] public required VaeSpec Spec { get; init; }

    [Id(2)] public required ArtifactRef Bank { get; init; }

    public override IReadOnlyList<ArtifactRef> Inputs => [Bank];
}

/// <summary>One comparison run: a target net initialised by <see cref="Method"/> on <see cref="TrainSize"/> examples.</summary>
[GenerateSerializer, Immutable, Alias("dwp.EvaluationWork")]
public sealed record EvaluationWork : UnitWork
{
    [Id(0)] public required EvaluationSpec Spec { get; init; }

    [Id(1)] public required string Method { get; init; }

    [Id(2)] public required int TrainSize { get; init; }

    /// <summary>The front's bank, for a method or prior that draws on it; null otherwise.</summary>
    [Id(3)] public ArtifactRef? Bank { get; init; }

    /// <summary>The conv1 and conv2 VAE weights, in that order, for a method or prior that draws on them; empty otherwise.</summary>
    [Id(4)] public IReadOnlyList<ArtifactRef> Vaes { get; init; } = [];

    public override IReadOnlyList<ArtifactRef> Inputs => Bank is null ? Vaes : [Bank, .. Vaes];
}
