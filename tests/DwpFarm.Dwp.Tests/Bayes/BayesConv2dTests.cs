using DwpFarm.Dwp.Bayes;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Bayes;

public sealed class BayesConv2dTests
{
    private const int Draws = 4000;

    [Theory]
    [InlineData(PosteriorForm.Additive)]
    [InlineData(PosteriorForm.Multiplicative)]
    public void Local_reparameterisation_gives_the_mean_and_variance_of_sampling_the_weights(PosteriorForm form)
    {
        using var generator = new Generator(1);
        using var layer = new BayesConv2d(2, 3, 3, form);
        using (no_grad())
        {
            layer.Mean.normal_(0, 0.5, generator);
            layer.Spread.uniform_(-4, -1, generator);
            layer.Bias.normal_(0, 0.1, generator);
        }

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = rand([1, 2, 6, 6], generator: generator);
        var (mean, variance) = layer.Moments(x);

        // Weight sampling: Draws whole kernel tensors, applied in one grouped conv as Draws × 3 output channels.
        var weights = stack(Enumerable.Range(0, Draws).Select(_ => layer.SampleWeights(generator)).ToArray()).reshape(Draws * 3, 2, 3, 3);
        var sampled = nn.functional.conv2d(x, weights).reshape(Draws, 3, 4, 4) + layer.Bias.reshape(1, 3, 1, 1);

        // The layer's own stochastic pass on Draws copies of the input.
        layer.Stochastic = true;
        layer.Noise = generator;
        var local = layer.call(x.expand(Draws, 2, 6, 6).contiguous());

        foreach (var (name, draws) in new[] { ("weight sampling", sampled), ("local reparameterisation", local) })
        {
            var empiricalMean = draws.mean([0]).unsqueeze(0);
            var empiricalVariance = draws.var(0).unsqueeze(0);

            // Means within 5 standard errors; variances within 15% (the estimator's relative SE is √(2/Draws) ≈ 2%).
            var meanError = ((empiricalMean - mean).abs() / (variance / Draws).sqrt()).max().item<float>();
            var varianceError = ((empiricalVariance / variance) - 1).abs().max().item<float>();
            Assert.True(meanError < 5, $"{name}: output mean off by {meanError} standard errors");
            Assert.True(varianceError < 0.15, $"{name}: output variance off by {varianceError:P1}");
        }
    }

    [Fact]
    public void Deterministic_pass_uses_the_means_and_new_layers_start_at_log_variance_minus_ten()
    {
        using var generator = new Generator(2);
        using var layer = new BayesConv2d(1, 2, 3);
        layer.ResetXavier(generator);
        using var x = rand([2, 1, 5, 5], generator: generator);
        layer.Stochastic = false;

        using var y = layer.call(x);
        using var expected = nn.functional.conv2d(x, layer.Mean, layer.Bias);

        Assert.True(y.allclose(expected));
        Assert.Equal(BayesConv2d.InitialLogVariance, layer.Spread.max().item<float>());
        Assert.Equal(BayesConv2d.InitialLogVariance, layer.Spread.min().item<float>());
        layer.Stochastic = true;
        Assert.Throws<DwpException>(() => layer.call(x));
    }

    [Fact]
    public void The_multiplicative_form_has_variance_alpha_times_mean_squared()
    {
        using var layer = new BayesConv2d(1, 1, 1, PosteriorForm.Multiplicative);
        using (no_grad())
        {
            layer.Mean.fill_(-0.5);
        }

        using var variance = layer.Variance();
        using var logVariance = layer.LogVariance();
        using var logAlpha = layer.LogAlpha();

        var alpha = 1 / (1 + Math.Exp(-BayesConv2d.InitialAlphaLogit));
        Assert.Equal(alpha * 0.25, variance.item<float>(), 6);
        Assert.Equal(Math.Log(alpha * 0.25), logVariance.item<float>(), 5);
        Assert.Equal(Math.Log(alpha), logAlpha.item<float>(), 5);
    }

    [Fact]
    public void Kernel_stats_tell_alike_kernels_from_diverse_ones()
    {
        using var layer = new BayesConv2d(1, 4, 2);

        layer.SetMean([1, 2, 0, 0, -2, -4, 0, 0, 3, 6, 0, 0, 1, 2, 0, 0]);
        var alike = KernelStats.Of(layer);
        layer.SetMean([1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4]);
        var diverse = KernelStats.Of(layer);

        Assert.Equal(1, alike.MeanAbsCosine, 5);
        Assert.Equal(0, diverse.MeanAbsCosine, 5);
        Assert.Equal(2, diverse.MedianNorm, 5);
    }
}
