using DwpFarm.Vocabulary;

namespace DwpFarm.Dwp.Initialization;

/// <summary>How the conv kernels of a target net are initialised.</summary>
[SpecName("method")]
public enum InitMethod
{
    /// <summary>Xavier/Glorot normal.</summary>
    Xavier,

    /// <summary>libtorch's default (kaiming-uniform, a = √5), seeded.</summary>
    Default,

    /// <summary>Real kernels drawn at random from the bank's training split, per layer.</summary>
    Filters,

    /// <summary>Deep weight prior: VAE decoder means for z ~ N(0, I), per layer.</summary>
    Dwp,

    /// <summary>Draws from a full-covariance Gaussian per layer, fitted to the bank's training kernels.</summary>
    Gaussian,
}
