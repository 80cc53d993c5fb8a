using DwpFarm.Pipeline.Specs;

namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>How the kernel bank prunes near-zero kernels and splits each layer.</summary>
[GenerateSerializer, Immutable, Alias("dwp.BankSpec")]
public sealed record BankSpec
{
    /// <summary>
    /// <c>relative</c>: drop kernels whose L2 norm is below Threshold × the layer's median norm; <c>absolute</c>: below
    /// Threshold; <c>top</c>: keep the Threshold fraction of each layer with the largest norms; <c>norm</c>: a hard cut
    /// per layer (<see cref="PruneThresholds"/>) in the unit <see cref="BankSpec.PruneUnit"/> names.
    /// </summary>
    [Id(0)] public PruneRule PruneRule { get; init; } = DefaultFront.Rule;

    /// <summary>The rule's threshold (<see cref="DefaultFront.KeepTop"/> for the default rule).</summary>
    [Id(1)] public double PruneThreshold { get; init; } = DefaultFront.KeepTop;

    /// <summary>Fraction of each layer's kernels held out to measure the VAE's ELBO.</summary>
    [Id(2)] public double TestFraction { get; init; } = 0.1;

    [Id(3)] public int Seed { get; init; }

    /// <summary>
    /// A folder in the DWP authors' layout (<c>conv7x7/{train,test}.npy</c>, <c>conv5x5/{train,test}.npy</c>) whose
    /// published kernel banks stand in for this sweep's sources and bank: no source units run, and the pruning and
    /// split above do not apply (their banks come pruned and split).
    /// </summary>
    [Id(4)] public string? Import { get; init; }

    /// <summary>The <c>norm</c> rule's cut for each conv layer in order; empty cuts every layer at <see cref="PruneThreshold"/>.</summary>
    [Id(5)] public IReadOnlyList<double> PruneThresholds { get; init; } = [];

    /// <summary>
    /// The <c>norm</c> rule's unit: <c>absolute</c> (a plain norm), or <c>init</c> (multiples of the expected norm of a
    /// freshly Xavier-initialised kernel of the sources' layer).
    /// </summary>
    [Id(6)] public PruneUnit PruneUnit { get; init; } = PruneUnit.Absolute;
}
