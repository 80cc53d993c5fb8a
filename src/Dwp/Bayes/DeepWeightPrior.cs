using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Bayes;

/// <summary>
/// The deep weight prior through the auxiliary bound, with the layer's VAE encoder as r(z|w):
/// KL_aux = −H(q) + Σ_kernels E_q[ KL(r(z|w) ‖ N(0, I)) − E_r log p(w|z) ], estimated with one w ~ q per call
/// (one per step) and one z ~ r per kernel. It bounds KL(q ‖ p_dwp) from above up to a constant and can be negative.
/// The VAEs (one per conv layer, in layer order) are frozen and not owned.
/// </summary>
/// <remarks>
/// The VAE pass costs about as much per kernel as the target net's forward pass per image, and conv2 has
/// Cout·Cin kernels (4,096 at 32×128), so on a CPU it dominates a step. With <c>kernelsPerStep</c> = M &gt; 0 the
/// kernel sum is estimated on M kernels drawn without replacement each call and scaled by K/M: still unbiased,
/// noisier, and K/M times cheaper. 0 uses every kernel, as the authors do.
/// </remarks>
public sealed class DeepWeightPrior : IWeightPrior
{
    private static readonly double HalfLog2PiE = 0.5 * (Math.Log(2 * Math.PI) + 1);

    private readonly IReadOnlyList<KernelVae> _vaes;
    private readonly int _kernelsPerStep;

    public DeepWeightPrior(IReadOnlyList<KernelVae> vaes, int kernelsPerStep = 0)
    {
        if (kernelsPerStep < 0)
        {
            throw new DwpException($"deep weight prior: kernels per step must be >= 0 (0 = all), got {kernelsPerStep}");
        }

        _vaes = vaes;
        _kernelsPerStep = kernelsPerStep;
        foreach (var vae in vaes)
        {
            vae.Freeze();
        }
    }

    public WeightPriorKind Kind => WeightPriorKind.Dwp;

    public PosteriorForm Form => PosteriorForm.Additive;

    public Tensor Kl(BayesConv2d layer, int layerIndex, Generator noise)
    {
        var vae = PriorLayers.For(_vaes, layerIndex, layer, v => v.KernelSize, "deep weight prior", "VAE");
        var k = layer.KernelSize;

        using var scope = NewDisposeScope();

        // H(q) = Σ ½(log 2πe + log σ²), exact over every weight.
        var logVariance = layer.LogVariance();
        var entropy = logVariance.sum().Times(0.5).Plus(HalfLog2PiE * logVariance.numel());

        // w ~ q for the kernels in the estimate: [M, 1, k, k].
        var count = layer.KernelCount;
        var mean = layer.Mean.reshape(count, 1, k, k);
        logVariance = logVariance.reshape(count, 1, k, k);
        var scale = 1.0;
        if (_kernelsPerStep > 0 && _kernelsPerStep < count)
        {
            var chosen = randperm(count, device: mean.device, generator: noise).narrow(0, 0, _kernelsPerStep);
            mean = mean.index_select(0, chosen);
            logVariance = logVariance.index_select(0, chosen);
            scale = (double)count / _kernelsPerStep;
        }

        var w = mean.Plus(logVariance.Times(0.5).exp() * randn(mean.shape, device: mean.device, generator: noise));
        var bound = vae.NegativeElboOf(w, noise).sum().Times(scale);
        return (bound - entropy).MoveToOuterDisposeScope();
    }
}
