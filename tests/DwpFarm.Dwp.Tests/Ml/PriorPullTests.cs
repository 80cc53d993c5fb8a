using DwpFarm.Dwp.Vae;

namespace DwpFarm.Dwp.Tests.Ml;

/// <summary>Where a fitted VAE's density pulls its own samples: up the ELBO, reproducibly, and nowhere with no steps.</summary>
public sealed class PriorPullTests
{
    [Fact]
    public void Pulled_samples_climb_the_elbo_and_the_same_seed_gives_the_same_figures()
    {
        using var vae = Fitted();

        var pull = PriorPull.Measure(vae, seed: 3, steps: 200, learningRate: 1e-2);

        Assert.True(pull.Elbo > pull.StartElbo + 1, $"ELBO {pull.StartElbo:F2} -> {pull.Elbo:F2}");
        Assert.InRange(pull.AbsCosine, 0, 1);
        Assert.True(pull.MedianNorm > 0);
        Assert.Equal(pull, PriorPull.Measure(vae, seed: 3, steps: 200, learningRate: 1e-2));
    }

    [Fact]
    public void With_no_steps_the_kernels_stay_the_samples()
    {
        using var vae = Fitted();

        var pull = PriorPull.Measure(vae, seed: 4, steps: 0, learningRate: 1e-3);

        Assert.Equal(pull.StartAbsCosine, pull.AbsCosine);
        Assert.Equal(pull.StartMedianNorm, pull.MedianNorm);
        Assert.Equal(vae.Sample(PriorPull.Kernels, seed: 4).MedianNorm(), pull.StartMedianNorm);
    }

    [Theory]
    [InlineData(-1, 1e-3)]
    [InlineData(10, 0)]
    [InlineData(10, double.NaN)]
    public void A_negative_step_count_or_a_rate_that_is_not_positive_is_refused(int steps, double learningRate)
    {
        using var vae = KernelVae.Create(5, seed: 1);

        var error = Assert.Throws<DwpException>(() => PriorPull.Measure(vae, seed: 1, steps, learningRate));

        Assert.Contains("prior pull", error.Message, StringComparison.Ordinal);
    }

    private static KernelVae Fitted()
    {
        var vae = KernelVae.Create(5, seed: 2);
        vae.Fit(SyntheticKernels.Make(400, 5, seed: 2), new KernelVaeOptions { Epochs = 20, BatchSize = 64, Seed = 2 });
        return vae;
    }
}
