using DwpFarm.Dwp.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Bayes;

/// <summary>
/// The log-uniform prior p(|w|) ∝ 1/|w| with the posterior read as σ² = α·μ². Its KL is infinite up to a
/// constant, so the authors use the polynomial fit (Kingma et al., 2015), per weight:
/// KL ≈ −½·log α − 1.16145124·α + 1.50204118·α² − 0.58629921·α³ (the negative of their −KL ≈ ½·log α + c₁α + c₂α² + c₃α³).
/// The fit holds for α ≤ 1 and falls without bound beyond it, so α is capped at 1 as in that paper (the
/// multiplicative form it asks for keeps α below 1 by construction; an additive layer is capped here).
/// </summary>
public sealed class LogUniformPrior : IWeightPrior
{
    public const double C1 = 1.16145124;
    public const double C2 = -1.50204118;
    public const double C3 = 0.58629921;

    public WeightPriorKind Kind => WeightPriorKind.LogUniform;

    /// <summary>σ² = α·μ² with α learned (≤ 1), as in the authors' runs: the KL then shapes α and leaves μ to the data.</summary>
    public PosteriorForm Form => PosteriorForm.Multiplicative;

    public Tensor Kl(BayesConv2d layer, int layerIndex, Generator noise)
    {
        using var scope = NewDisposeScope();
        var logAlpha = layer.LogAlpha().clamp_max(TorchScalars.Zero);
        return Approximation(logAlpha).sum().MoveToOuterDisposeScope();
    }

    /// <summary>The per-weight KL approximation at log α (elementwise; no cap).</summary>
    public static Tensor Approximation(Tensor logAlpha)
    {
        using var scope = NewDisposeScope();
        var alpha = logAlpha.exp();
        var kl = logAlpha.Times(-0.5) - (alpha * alpha.Times(C3).Plus(C2).mul(alpha).Plus(C1));
        return kl.MoveToOuterDisposeScope();
    }
}
