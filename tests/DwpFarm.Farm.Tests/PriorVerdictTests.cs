using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Farm.Tests;

/// <summary>What the demo says under its table about the prior that made the dwp row.</summary>
public sealed class PriorVerdictTests
{
    [Fact]
    public void A_prior_that_misses_a_gate_is_named_and_the_dwp_row_is_put_down_to_the_front()
    {
        var lines = PriorVerdict.Lines(
        [
            Vae("conv2", 0, "samples' mean |cos| 0.43 exceeds the bank's 0.23 by more than 0.20 (samples too alike)"),
            Vae("conv1", 0),
        ]);

        Assert.Equal(3, lines.Count);
        Assert.Equal("prior conv1: test ELBO 70.47 nats (white noise 53.56), samples' mean |cos| 0.50 (bank 0.32); gates: pass", lines[0]);
        Assert.EndsWith("gates: samples' mean |cos| 0.43 exceeds the bank's 0.23 by more than 0.20 (samples too alike)", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("1 of 2 priors miss their gates: they do not know kernels, so the dwp row measures this front, not the method.", lines[2], StringComparison.Ordinal);
        Assert.Contains("examples/paper.yaml", lines[2], StringComparison.Ordinal);
        Assert.Contains("over the 3 fronts of `./dwpfarm lab init-compare`", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Priors_that_pass_say_so_and_later_fronts_are_named()
    {
        var lines = PriorVerdict.Lines([Vae("conv1", 1), Vae("conv1", 0)]);

        Assert.StartsWith("prior conv1: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("prior conv1 (front 1): ", lines[1], StringComparison.Ordinal);
        Assert.Equal("Every prior passes its gates.", lines[2]);
    }

    [Fact]
    public void A_sweep_without_priors_says_nothing()
    {
        Assert.Empty(PriorVerdict.Lines([]));
    }

    private static VaeResult Vae(string layer, int front, params string[] failures) => new()
    {
        DataSha256 = "x",
        Environment = "x",
        Layer = layer,
        Weights = new Grains.Interfaces.ArtifactRef("x", "vae", 1),
        TestElbo = 70.473,
        TrainElbo = 71,
        WhiteNoiseElbo = 53.5629,
        SampleAbsCosine = 0.498,
        BankAbsCosine = 0.324,
        GateFailures = failures,
        Front = front,
    };
}
