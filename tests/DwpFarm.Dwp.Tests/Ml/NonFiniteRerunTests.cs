using DwpFarm.Dwp.Training;

namespace DwpFarm.Dwp.Tests.Ml;

public sealed class NonFiniteRerunTests
{
    private static readonly SourceTrainingOptions Diverging = new() { Widths = new(4, 8), Epochs = 1, BatchSize = 16, LearningRate = double.NaN, Seed = 3 };

    [Fact]
    public void A_nan_that_the_rerun_reproduces_is_permanent_and_names_the_unit_the_step_and_the_term()
    {
        var runs = 0;
        var ex = Assert.Throws<NonFiniteLossException>(() => NonFiniteRerun.Run("sweep-1/source/3", () =>
        {
            runs++;
            return SourceTrainer.Train(SyntheticImages.Make(64, 1), SyntheticImages.Make(10, 2), Diverging);
        }));

        Assert.Equal(2, runs);
        Assert.True(ex.Reproduced);
        Assert.Equal(
            "sweep-1/source/3: source training: the data term (cross-entropy) became NaN at step 2 (epoch 1 step 2); a rerun with the same seed reproduces it",
            ex.Message);
    }

    [Fact]
    public void A_nan_that_the_rerun_does_not_reproduce_is_reported_as_nondeterminism_not_as_a_result()
    {
        var runs = 0;
        var ex = Assert.Throws<NondeterministicRunException>(() => NonFiniteRerun.Run("unit u", () =>
            ++runs == 1 ? throw new NonFiniteLossException("kernel VAE", LossTerm.Vae, "the VAE loss (−ELBO)", 7, float.NaN) : 0.5));

        Assert.Equal(2, runs);
        Assert.IsNotAssignableFrom<DwpException>(ex);
        Assert.Equal(
            "unit u: kernel VAE: the VAE loss (−ELBO) became NaN at step 7, but a rerun with the same seed finished: the run is not deterministic, a defect to report, not a result",
            ex.Message);
    }

    [Fact]
    public void A_rerun_that_stops_elsewhere_is_nondeterminism_too()
    {
        var runs = 0;
        var ex = Assert.Throws<NondeterministicRunException>(() => NonFiniteRerun.Run("unit u", int () =>
            throw new NonFiniteLossException("bayes", LossTerm.Kl, "the dwp KL term", ++runs, float.PositiveInfinity)));

        Assert.Contains("became infinite at step 1, but a rerun with the same seed stopped otherwise (bayes: the dwp KL term became infinite at step 2)", ex.Message, StringComparison.Ordinal);
    }
}
