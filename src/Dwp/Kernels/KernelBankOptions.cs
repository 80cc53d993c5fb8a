namespace DwpFarm.Dwp.Kernels;

/// <summary>How a bank is built: the pruning rule, the held-out share per layer and the split seed.</summary>
public sealed record KernelBankOptions
{
    public KernelPruning Pruning { get; init; } = new();

    /// <summary>A rule per layer, in layer order, instead of <see cref="Pruning"/> for all; empty for none.</summary>
    public IReadOnlyList<KernelPruning> LayerPruning { get; init; } = [];

    /// <summary>The rule of layer <paramref name="layer"/>.</summary>
    public KernelPruning PruningOf(int layer) => layer < LayerPruning.Count ? LayerPruning[layer] : Pruning;

    /// <summary>Share of each layer's kept kernels held out for the VAE's test ELBO.</summary>
    public double TestFraction { get; init; } = 0.1;

    public long Seed { get; init; }
}
