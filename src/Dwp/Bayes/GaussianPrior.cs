using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Bayes;

/// <summary>
/// A full-covariance Gaussian N(m, Σ) per conv layer over its k×k kernels (fitted to the bank's training kernels,
/// <see cref="KernelGaussian"/>), with the exact KL of each kernel's factorised posterior N(μ, diag σ²):
/// KL = ½[tr(Σ⁻¹ diag σ²) + (m − μ)ᵀ Σ⁻¹ (m − μ) − d + ln|Σ| − Σ ln σ²], summed over the layer's kernels. Unlike the
/// DWP's auxiliary bound it is neither stochastic nor a bound. The Gaussians (one per conv layer, in layer order) are
/// read only.
/// </summary>
public sealed class GaussianPrior : IWeightPrior
{
    private readonly Layer[] _layers;

    public GaussianPrior(IReadOnlyList<KernelGaussian> gaussians)
    {
        _layers = [.. gaussians.Select(g => new Layer(g))];
    }

    public WeightPriorKind Kind => WeightPriorKind.Gaussian;

    public PosteriorForm Form => PosteriorForm.Additive;

    public Tensor Kl(BayesConv2d layer, int layerIndex, Generator noise)
    {
        var prior = PriorLayers.For(_layers, layerIndex, layer, l => (int)l.KernelSize, "gaussian prior", "Gaussian");

        using var scope = NewDisposeScope();
        var d = prior.KernelSize * prior.KernelSize;
        var count = layer.KernelCount;
        var device = layer.Mean.device;

        // The prior's terms are copied to the layer's device per call: d² floats, against a step's convolutions.
        var precision = tensor(prior.Precision, [d, d], device: device);
        var diagonal = tensor(prior.Diagonal, [d], device: device);
        var mean = tensor(prior.Mean, [d], device: device);

        // [K, d] per kernel: δ = μ − m, tr(Σ⁻¹ diag σ²) = σ² · diag(Σ⁻¹), δᵀΣ⁻¹δ.
        var delta = layer.Mean.reshape(count, d) - mean;
        var trace = layer.Variance().reshape(count, d).matmul(diagonal).sum();
        var quadratic = (delta.matmul(precision) * delta).sum();
        var kl = trace.Plus(quadratic) - layer.LogVariance().sum();
        return kl.Plus(count * (prior.LogDeterminant - d)).Times(0.5).MoveToOuterDisposeScope();
    }

    // The host copies of one layer's Gaussian in float32, made once.
    private sealed class Layer
    {
        public Layer(KernelGaussian gaussian)
        {
            KernelSize = gaussian.KernelSize;
            var precision = gaussian.Precision();
            var d = precision.GetLength(0);
            Precision = new float[d * d];
            Diagonal = new float[d];
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    Precision[(i * d) + j] = (float)precision[i, j];
                }

                Diagonal[i] = (float)precision[i, i];
            }

            Mean = [.. gaussian.Mean.Select(v => (float)v)];
            LogDeterminant = gaussian.LogDeterminant;
        }

        public long KernelSize { get; }

        public float[] Precision { get; }

        public float[] Diagonal { get; }

        public float[] Mean { get; }

        public double LogDeterminant { get; }
    }
}
