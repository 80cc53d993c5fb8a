using DwpFarm.Dwp.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Bayes;

/// <summary>N(0, 1) per weight; KL(N(μ, σ²) ‖ N(0, 1)) = ½(σ² + μ² − 1 − log σ²), in closed form.</summary>
public sealed class StandardNormalPrior : IWeightPrior
{
    public WeightPriorKind Kind => WeightPriorKind.Sn;

    public PosteriorForm Form => PosteriorForm.Additive;

    public Tensor Kl(BayesConv2d layer, int layerIndex, Generator noise)
    {
        using var scope = NewDisposeScope();
        var kl = StandardNormalKl.Of(layer.Mean, layer.Variance(), layer.LogVariance());
        return kl.sum().MoveToOuterDisposeScope();
    }
}
