using DwpFarm.Dwp.Vae;

namespace DwpFarm.Dwp.Tests.Ml;

/// <summary>Which of a VAE's starts the prior unit keeps.</summary>
public sealed class RestartChoiceTests
{
    private static readonly PriorGates Gates = PriorGates.Default;

    // Bank: median norm 0.37, mean |cos| 0.26; samples pass at |cos| ≤ 0.46 and norm ≥ 40 % of the bank's.
    private static PriorQuality Start(double elbo, double sampleCosine, double sampleNorm = 0.22) =>
        new(5, TestElbo: elbo, WhiteNoiseElbo: 40, GaussianElbo: 55, SampleMedianNorm: sampleNorm, BankMedianNorm: 0.37,
            SampleAbsCosine: sampleCosine, BankAbsCosine: 0.26);

    [Fact]
    public void A_start_that_passes_the_gates_beats_a_better_elbo_whose_samples_are_too_alike()
    {
        var alike = Start(elbo: 55.0, sampleCosine: 0.47);
        var passing = Start(elbo: 54.6, sampleCosine: 0.44);

        Assert.NotEmpty(alike.Failures(Gates));
        Assert.Empty(passing.Failures(Gates));
        Assert.True(RestartChoice.Better(passing, alike, Gates));
        Assert.False(RestartChoice.Better(alike, passing, Gates));
    }

    [Fact]
    public void Among_starts_that_all_pass_or_all_miss_the_best_held_out_elbo_wins_and_a_tie_keeps_the_earlier()
    {
        Assert.True(RestartChoice.Better(Start(55.0, 0.40), Start(54.0, 0.30), Gates));
        Assert.True(RestartChoice.Better(Start(55.0, 0.60), Start(54.0, 0.50), Gates));
        Assert.False(RestartChoice.Better(Start(54.0, 0.30), Start(54.0, 0.40), Gates));
    }

    [Fact]
    public void A_start_whose_elbo_is_nan_loses_to_any_other()
    {
        var nan = Start(double.NaN, 0.30);
        var poor = Start(elbo: -1e6, sampleCosine: 0.90, sampleNorm: 0.01);

        Assert.True(RestartChoice.Better(poor, nan, Gates));
        Assert.False(RestartChoice.Better(nan, poor, Gates));
    }
}
