namespace DwpFarm.Pipeline.Specs;

/// <summary>How <c>bank.pruneThreshold</c> is read.</summary>
public enum PruneRule
{
    /// <summary>Drop kernels whose L2 norm is below the threshold × the layer's median norm.</summary>
    Relative,

    /// <summary>Drop kernels whose L2 norm is below the threshold.</summary>
    Absolute,

    /// <summary>Keep the threshold's fraction of the layer with the largest norms (0.09: the top 9 %).</summary>
    Top,
}
