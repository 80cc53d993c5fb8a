using DwpFarm.Vocabulary;

namespace DwpFarm.Pipeline.Specs;

/// <summary>How <c>bank.pruneThreshold</c> is read.</summary>
[SpecName("rule")]
public enum PruneRule
{
    /// <summary>Drop kernels whose L2 norm is below the threshold × the layer's median norm.</summary>
    Relative,

    /// <summary>Drop kernels whose L2 norm is below the threshold.</summary>
    Absolute,

    /// <summary>Keep the threshold's fraction of the layer with the largest norms (0.09: the top 9 %).</summary>
    Top,

    /// <summary>
    /// A hard cut per layer, as the DWP authors' banks have (7×7 at 0.392, 5×5 at 0.131): drop kernels whose norm is
    /// below <c>bank.pruneThresholds[layer]</c> (or <c>bank.pruneThreshold</c> for every layer), read in the unit
    /// <c>bank.pruneUnit</c> names.
    /// </summary>
    Norm,
}
