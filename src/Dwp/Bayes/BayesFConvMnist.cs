using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DwpFarm.Dwp.Bayes;

/// <summary>
/// FConvMNIST with both conv layers Bayesian (<see cref="BayesConv2d"/>) and a deterministic linear classifier,
/// as in the authors' bayes mode. Same shapes as <see cref="FConvMnist"/>. Weights start from Xavier-normal
/// (conv means and linear) drawn from the given generator; callers may then overwrite the conv means. Built on the
/// CPU and moved to its run's device once initialised, as <see cref="FConvMnist"/>.
/// </summary>
public sealed class BayesFConvMnist : Module<Tensor, Tensor>
{
    private readonly BayesConv2d _conv1;
    private readonly BayesConv2d _conv2;
    private readonly Linear _fc;

    public BayesFConvMnist(FConvWidths widths, Generator generator, PosteriorForm form = PosteriorForm.Additive)
        : base(nameof(BayesFConvMnist))
    {
        Widths = widths;
        _conv1 = new BayesConv2d(1, widths.Conv1, FConvMnist.Conv1Kernel, form);
        _conv2 = new BayesConv2d(widths.Conv1, widths.Conv2, FConvMnist.Conv2Kernel, form);
        _fc = Linear(FConvMnist.PooledArea * widths.Conv2, FConvMnist.Classes, device: CPU);
        RegisterComponents();
        _conv1.ResetXavier(generator);
        _conv2.ResetXavier(generator);
        ParameterInit.XavierNormal(_fc.weight!, generator);
        ParameterInit.DefaultBias(_fc.bias!, _fc.weight!, generator);
    }

    public FConvWidths Widths { get; }

    /// <summary>The Bayesian layers in order: conv1 (7×7), conv2 (5×5).</summary>
    public IReadOnlyList<BayesConv2d> Layers => [_conv1, _conv2];

    /// <summary>Sets every layer's sampling mode and noise generator (not owned).</summary>
    public void SetSampling(bool stochastic, Generator? noise)
    {
        foreach (var layer in Layers)
        {
            layer.Stochastic = stochastic;
            layer.Noise = noise;
        }
    }

    public override Tensor forward(Tensor input) => FConvMnist.Body(_conv1, _conv2, _fc, input);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _conv1.Dispose();
            _conv2.Dispose();
            _fc.Dispose();
        }

        base.Dispose(disposing);
    }
}
