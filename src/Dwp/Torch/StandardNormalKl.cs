using static TorchSharp.torch;

namespace DwpFarm.Dwp.Torch;

/// <summary>KL(N(μ, σ²) ‖ N(0, 1)) = ½(σ² + μ² − 1 − log σ²) per element, for the VAE's code and the N(0, 1) weight prior.</summary>
internal static class StandardNormalKl
{
    /// <summary>Takes log σ² as well as σ², so a caller that holds log σ² (a learned parameter) takes no log of σ².</summary>
    public static Tensor Of(Tensor mean, Tensor variance, Tensor logVariance)
    {
        using var scope = NewDisposeScope();
        return (variance.Plus(mean.Squared()).Minus(1) - logVariance).Times(0.5).MoveToOuterDisposeScope();
    }
}
