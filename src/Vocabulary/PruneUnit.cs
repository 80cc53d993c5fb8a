using DwpFarm.Vocabulary;

namespace DwpFarm.Pipeline.Specs;

/// <summary>What a <see cref="PruneRule.Norm"/> threshold is measured in.</summary>
[SpecName("unit")]
public enum PruneUnit
{
    /// <summary>A plain L2 norm.</summary>
    Absolute,

    /// <summary>
    /// Multiples of the expected norm of one Xavier-initialised kernel of the sources' layer, so that one cut means
    /// "grew this much beyond where it started" at any width.
    /// </summary>
    Init,
}
