using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Torch;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Bayes;

/// <summary>The exact KL of a factorised Gaussian posterior against a full-covariance Gaussian kernel prior.</summary>
public sealed class GaussianPriorTests
{
    [Fact]
    public void The_kl_equals_a_direct_computation_through_the_gaussians_own_density_and_has_gradients()
    {
        // A correlated 2×2 Gaussian (d = 4) fitted to 12 kernels, and a layer of 3 posterior kernels.
        var random = new Random(5);
        var gaussian = KernelGaussian.Fit(new KernelSet(2, [.. Enumerable.Range(0, 12 * 4).Select(i => (float)((i % 4 * 0.3) + random.NextDouble()))]));
        float[] mean = [0.5f, -0.25f, 1, 0.75f, 0, 0.125f, -1, 0.5f, 0.25f, 1.5f, -0.5f, 0];
        float[] logVariance = [.. Enumerable.Range(0, 12).Select(i => (float)(-3 + (0.4 * i)))];
        using var layer = new BayesConv2d(1, 3, 2);
        TensorValues.CopyInto(layer.Mean, mean);
        TensorValues.CopyInto(layer.Spread, logVariance);
        using var generator = new Generator(1);

        using var scope = NewDisposeScope();
        var kl = new GaussianPrior([gaussian]).Kl(layer, 0, generator);

        // KL = −H(q) − E_q log p, and for a Gaussian p, E_q log p(w) = log p(μ) − ½ Σ σᵢ² Pᵢᵢ, where
        // log p(μ + h eᵢ) + log p(μ − h eᵢ) − 2 log p(μ) = −h² Pᵢᵢ exactly (log p is quadratic): no matrix of ours.
        double LogP(float[] kernel) => gaussian.LogLikelihood(new KernelSet(2, kernel));
        var direct = 0.0;
        for (var k = 0; k < 3; k++)
        {
            var mu = mean[(k * 4)..((k + 1) * 4)];
            var atMean = LogP(mu);
            var expected = atMean;
            for (var i = 0; i < 4; i++)
            {
                var variance = Math.Exp(logVariance[(k * 4) + i]);
                float[] up = [.. mu];
                float[] down = [.. mu];
                up[i] += 0.5f;
                down[i] -= 0.5f;
                var precision = -(LogP(up) + LogP(down) - (2 * atMean)) / 0.25;
                expected -= 0.5 * variance * precision;
                direct -= 0.5 * (Math.Log(2 * Math.PI * Math.E) + logVariance[(k * 4) + i]);
            }

            direct -= expected;
        }

        var closed = kl.item<float>();
        Assert.True(Math.Abs(closed - direct) <= 1e-4 * Math.Abs(direct), $"closed form {closed}, direct {direct}");
        Assert.Empty(kl.shape);

        kl.backward();
        Assert.All(new[] { layer.Mean.grad, layer.Spread.grad }, g => Assert.True(g is not null && g.isfinite().all().item<bool>() && g.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void The_kl_is_zero_when_the_posterior_is_the_diagonal_prior_and_positive_otherwise()
    {
        // ±aᵢeᵢ: mean 0 and a diagonal sample covariance, which any shrinkage towards μI keeps diagonal.
        float[] scales = [0.5f, 1, 2, 3];
        var values = new float[8 * 4];
        for (var i = 0; i < 4; i++)
        {
            values[(2 * i * 4) + i] = scales[i];
            values[(((2 * i) + 1) * 4) + i] = -scales[i];
        }

        var gaussian = KernelGaussian.Fit(new KernelSet(2, values));
        var precision = gaussian.Precision();
        Assert.Equal(0, precision[0, 1]);
        using var layer = new BayesConv2d(1, 2, 2);
        TensorValues.CopyInto(layer.Mean, new float[8]);
        TensorValues.CopyInto(layer.Spread, [.. Enumerable.Range(0, 8).Select(i => (float)-Math.Log(precision[i % 4, i % 4]))]);
        using var generator = new Generator(1);
        var prior = new GaussianPrior([gaussian]);

        using var scope = NewDisposeScope();
        Assert.Equal(0, prior.Kl(layer, 0, generator).item<float>(), tolerance: 1e-4);

        TensorValues.CopyInto(layer.Mean, [0.1f, 0, 0, 0, 0, 0, 0, 0]);
        Assert.True(prior.Kl(layer, 0, generator).item<float>() > 0);
        Assert.Throws<DwpException>(() => prior.Kl(layer, 1, generator));
    }
}
