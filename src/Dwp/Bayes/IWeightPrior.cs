using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Bayes;

/// <summary>A prior over the kernels of the Bayesian conv layers and its KL term (or a bound on it).</summary>
public interface IWeightPrior
{
    WeightPriorKind Kind { get; }

    /// <summary>The posterior parameterisation the layers should use under this prior.</summary>
    PosteriorForm Form { get; }

    /// <summary>
    /// The KL term of layer <paramref name="layerIndex"/> (0 = conv1) in nats, summed over its weights: a scalar
    /// tensor differentiable in the layer's μ and log σ². Stochastic priors draw their noise from <paramref name="noise"/>.
    /// </summary>
    Tensor Kl(BayesConv2d layer, int layerIndex, Generator noise);
}
