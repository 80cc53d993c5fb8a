using DwpFarm.Vocabulary;

namespace DwpFarm.Dwp.Bayes;

/// <summary>The priors over conv kernels that bayes mode compares.</summary>
[SpecName("prior")]
public enum WeightPriorKind
{
    /// <summary>The deep weight prior: the layer's kernel VAE, through the auxiliary bound.</summary>
    Dwp,

    /// <summary>Standard normal N(0, 1) per weight.</summary>
    Sn,

    /// <summary>Log-uniform per weight (scale-invariant), with σ² = α·μ².</summary>
    LogUniform,

    /// <summary>A full-covariance Gaussian per conv layer, fitted to the bank's training kernels; its KL is exact.</summary>
    Gaussian,
}
