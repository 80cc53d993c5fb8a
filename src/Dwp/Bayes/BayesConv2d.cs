using DwpFarm.Dwp.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DwpFarm.Dwp.Bayes;

/// <summary>
/// A conv layer (no padding, stride 1) with a fully factorised Gaussian posterior q(w) = N(μ, σ²) over its
/// kernel weights and a deterministic bias. When <see cref="Stochastic"/> it samples its output with the local
/// reparameterisation trick: the pre-activation b is Gaussian with mean conv(x, μ) + bias and variance
/// conv(x², σ²), so one draw per output element replaces one draw per weight. Otherwise it uses the means.
/// σ² is parameterised per <see cref="PosteriorForm"/>.
/// </summary>
public sealed class BayesConv2d : Module<Tensor, Tensor>
{
    /// <summary>The authors' initial log σ² (additive form): the posterior starts almost deterministic.</summary>
    public const double InitialLogVariance = -10;

    /// <summary>The authors' initial logit of α (multiplicative form): α = sigmoid(−2) ≈ 0.12.</summary>
    public const double InitialAlphaLogit = -2;

    // Keeps sqrt() differentiable where an input patch is all zeros (variance exactly 0), and log μ² finite.
    private const double Floor = 1e-16;

    private readonly Parameter _weight;
    private readonly Parameter _spread;
    private readonly Parameter _bias;

    public BayesConv2d(long inChannels, long outChannels, long kernelSize, PosteriorForm form = PosteriorForm.Additive)
        : base(nameof(BayesConv2d))
    {
        Form = form;
        // On the CPU, where the seeded initialisers draw; the model moves to its run's device afterwards.
        _weight = new Parameter(empty(outChannels, inChannels, kernelSize, kernelSize, device: CPU));
        using var initial = (form == PosteriorForm.Additive ? InitialLogVariance : InitialAlphaLogit).ToScalar();
        _spread = new Parameter(full(outChannels, inChannels, kernelSize, kernelSize, initial, device: CPU));
        _bias = new Parameter(zeros(outChannels, device: CPU));
        RegisterComponents();
    }

    public PosteriorForm Form { get; }

    /// <summary>μ, [Cout,Cin,k,k].</summary>
    public Parameter Mean => _weight;

    /// <summary>The variance parameter, [Cout,Cin,k,k]: log σ² (additive form) or the logit of α (multiplicative form).</summary>
    public Parameter Spread => _spread;

    public Parameter Bias => _bias;

    public long KernelSize => _weight.shape[^1];

    /// <summary>Kernels in the layer: Cout·Cin.</summary>
    public long KernelCount => _weight.shape[0] * _weight.shape[1];

    /// <summary>Sample (true) or use the posterior means (false).</summary>
    public bool Stochastic { get; set; } = true;

    /// <summary>The generator of the output noise; not owned. Required while <see cref="Stochastic"/>.</summary>
    public Generator? Noise { get; set; }

    /// <summary>σ², [Cout,Cin,k,k].</summary>
    public Tensor Variance() => Form == PosteriorForm.Additive ? _spread.exp() : functional.sigmoid(_spread) * _weight.Squared();

    /// <summary>log σ², [Cout,Cin,k,k].</summary>
    public Tensor LogVariance()
    {
        if (Form == PosteriorForm.Additive)
        {
            return _spread.alias();
        }

        using var logAlpha = functional.logsigmoid(_spread);
        using var squared = _weight.Squared();
        using var floored = squared.Plus(Floor);
        using var logSquared = floored.log();
        return logAlpha.Plus(logSquared);
    }

    /// <summary>log α = log(σ² / μ²), [Cout,Cin,k,k].</summary>
    public Tensor LogAlpha()
    {
        if (Form == PosteriorForm.Multiplicative)
        {
            return functional.logsigmoid(_spread);
        }

        using var squared = _weight.Squared();
        using var floored = squared.Plus(Floor);
        using var logSquared = floored.log();
        return _spread - logSquared;
    }

    /// <summary>Mean and variance of the pre-activations on <paramref name="input"/> under q(w).</summary>
    public (Tensor Mean, Tensor Variance) Moments(Tensor input)
    {
        using var variance = Variance();
        using var squared = input.Squared();
        return (functional.conv2d(input, _weight, _bias), functional.conv2d(squared, variance));
    }

    /// <summary>One draw w = μ + σ·ε of the whole kernel tensor (for weight-space terms such as the DWP bound).</summary>
    public Tensor SampleWeights(Generator generator)
    {
        using var variance = Variance();
        using var std = variance.sqrt();
        using var eps = randn(_weight.shape, device: _weight.device, generator: generator);
        return _weight.Plus(std * eps);
    }

    /// <summary>Sets μ from <paramref name="values"/> (shape [Cout,Cin,k,k], flattened).</summary>
    public void SetMean(float[] values) => TensorValues.CopyInto(_weight, values);

    /// <summary>Xavier-normal μ and a libtorch-default bias, from <paramref name="generator"/>.</summary>
    public void ResetXavier(Generator generator)
    {
        ParameterInit.XavierNormal(_weight, generator);
        ParameterInit.DefaultBias(_bias, _weight, generator);
    }

    public override Tensor forward(Tensor input)
    {
        if (!Stochastic)
        {
            return functional.conv2d(input, _weight, _bias);
        }

        var noise = Noise ?? throw new DwpException("Bayesian conv layer: no noise generator set for a stochastic pass");
        var (mean, variance) = Moments(input);
        using (mean)
        using (variance)
        {
            using var floored = variance.Plus(Floor);
            using var std = floored.sqrt();
            using var eps = randn(mean.shape, device: mean.device, generator: noise);
            using var noiseTerm = std * eps;
            return mean.Plus(noiseTerm);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _weight.Dispose();
            _spread.Dispose();
            _bias.Dispose();
        }

        base.Dispose(disposing);
    }
}
