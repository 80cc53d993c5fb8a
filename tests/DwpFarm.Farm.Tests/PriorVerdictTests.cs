using System.Globalization;
using DwpFarm.Client.Farm;
using DwpFarm.Farm.Tests.Reports;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Farm.Tests;

/// <summary>The demo's verdict under its table follows the run's own numbers: other numbers, other lines.</summary>
public sealed class PriorVerdictTests
{
    private const string Miss = "samples' mean |cos| 0.45 exceeds the bank's 0.24 by more than 0.20 (samples too alike)";

    [Theory]
    [InlineData(0.03)]
    [InlineData(0.06)]
    public void Each_check_states_the_difference_the_run_measured(double dwpAhead)
    {
        var lines = PriorVerdict.Lines(SyntheticReports.Init(dwpAhead));

        // The synthetic curves differ by dwpAhead · exp(−step / 60) at every seed, so the difference is known exactly.
        foreach (var step in new[] { 50, 100 })
        {
            var expected = (dwpAhead * Math.Exp(-step / 60.0)).ToString("+0.0000", CultureInfo.InvariantCulture);
            Assert.Contains(lines, l => l.StartsWith($"step {step}: dwp − xavier = {expected} vs SE sum ", StringComparison.Ordinal) && l.EndsWith(": dwp ahead", StringComparison.Ordinal));
        }

        Assert.Contains("dwp is ahead by more than the SE sum at 2 of 2 checked points, on a prior that misses its gates.", lines);
    }

    [Fact]
    public void No_effect_is_reported_as_not_separated()
    {
        var lines = PriorVerdict.Lines(SyntheticReports.Init(dwpAhead: 0));

        Assert.Contains(lines, l => l.StartsWith("step 50: dwp − xavier = +0.0000 vs SE sum ", StringComparison.Ordinal) && l.EndsWith(": not separated", StringComparison.Ordinal));
        Assert.Contains("dwp is ahead by more than the SE sum at 0 of 2 checked points.", lines);
    }

    [Fact]
    public void A_prior_that_misses_a_gate_is_named_with_its_failure_and_counted()
    {
        var lines = PriorVerdict.Lines(SyntheticReports.Init());

        Assert.Equal("prior conv1: test ELBO 70.50 nats (white noise 53.60), samples' mean |cos| 0.45 (bank 0.24); gates: pass", lines[0]);
        Assert.EndsWith($"gates: {Miss}", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("1 of 2 priors miss their gates", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Priors_that_pass_are_counted_and_later_fronts_named()
    {
        var report = With(SyntheticReports.Init(), [SyntheticReports.Vae("conv1", [], front: 1), SyntheticReports.Vae("conv1", [])]);

        var lines = PriorVerdict.Lines(report);

        Assert.StartsWith("prior conv1: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("prior conv1 (front 1): ", lines[1], StringComparison.Ordinal);
        Assert.Equal("All 2 priors pass their gates.", lines[2]);
        Assert.Contains("dwp is ahead by more than the SE sum at 2 of 2 checked points.", lines);
    }

    [Fact]
    public void A_bayes_run_is_checked_per_train_size_against_n01()
    {
        var lines = PriorVerdict.Lines(SyntheticReports.Bayes());

        // dwp 0.79 and sn 0.74 at N = 50, both +0.06 at N = 100, each over seeds ±0.01.
        Assert.Contains(lines, l => l.StartsWith("N = 50: dwp − sn = +0.0500 vs SE sum ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("N = 100: dwp − sn = +0.0500 vs SE sum ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("priors", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_without_priors_or_evaluations_says_nothing()
    {
        Assert.Empty(PriorVerdict.Lines(SyntheticReports.Init() with { Units = [] }));
    }

    private static SweepReport With(SweepReport report, IReadOnlyList<UnitSummary> vaes) => report with
    {
        Units = [.. report.Units.Where(u => u.Kind != UnitKind.Vae), .. vaes],
    };
}
