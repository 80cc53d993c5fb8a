namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>
/// What tells a layer's trained kernels from initial noise: L2-norm quantiles beside the expected norm of a freshly
/// Xavier-initialised kernel, the share of kernels below a quarter of that norm (near-dead: L2 took them), and spatial
/// smoothness, the correlation of neighbouring weights (0 for white noise; the DWP authors' 7×7 bank: 0.77 pooled,
/// 0.58 per kernel).
/// </summary>
[GenerateSerializer, Immutable, Alias("dwp.KernelShapeStats")]
public sealed record KernelShapeStats
{
    [Id(0)] public int Count { get; init; }

    /// <summary>The expected norm of one Xavier-normal kernel of the sources' layer; 0 when unknown.</summary>
    [Id(1)] public double InitialNorm { get; init; }

    [Id(2)] public double NormP10 { get; init; }

    [Id(3)] public double NormMedian { get; init; }

    [Id(4)] public double NormP90 { get; init; }

    /// <summary>Share of kernels with norm below a quarter of <see cref="InitialNorm"/>; null when that is unknown.</summary>
    [Id(5)] public double? NearDead { get; init; }

    /// <summary>Pearson correlation of all horizontal and vertical neighbour pairs, pooled over the kernels; null for constant kernels.</summary>
    [Id(6)] public double? Smoothness { get; init; }

    /// <summary>The mean of each kernel's centred lag-1 autocorrelation; null for constant kernels.</summary>
    [Id(7)] public double? KernelAutocorrelation { get; init; }

    /// <summary>
    /// The share of the kernels' energy in their constant parts: 1/k² for white noise, 0 for edges and bars, 1 for
    /// flat blobs; null for all-zero kernels.
    /// </summary>
    [Id(8)] public double? MeanShare { get; init; }
}
