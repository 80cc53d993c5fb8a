using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Statistics;

namespace DwpFarm.Farm.Tests.Pipeline;

/// <summary>The one statistics module: mean ± std per cell, and the verdict against the summed standard errors.</summary>
public sealed class ComparisonsTests
{
    private static readonly int[] Sizes = [50, 100, 500];

    [Fact]
    public void Dwp_beats_xavier_only_by_more_than_the_sum_of_standard_errors()
    {
        double[][] dwp = [[0.1, 0.70, 0.80], [0.1, 0.72, 0.80], [0.1, 0.74, 0.80], [0.1, 0.76, 0.80]];
        double[][] xavier = [[0.1, 0.60, 0.79], [0.1, 0.62, 0.80], [0.1, 0.64, 0.81], [0.1, 0.66, 0.80]];
        var results = dwp.Select((c, s) => Curve("dwp", s, c)).Concat(xavier.Select((c, s) => Curve("xavier", s, c)));

        var table = Assert.Single(Comparisons.Build(results, ["dwp", "xavier"]));
        var checks = Comparisons.Checks([table], EvaluationMode.Init);

        Assert.Equal([50, 100], checks.Select(v => v.Step));
        Assert.True(checks[0].Holds, $"0.73 vs 0.63 with SE {checks[0].Margin}");
        Assert.False(checks[1].Holds);
        Assert.Equal(0.0258, table.Methods["dwp"].Std[1], 4);
        // Both curves spread alike at step 50: the margin is two standard errors of 0.0258 / √4.
        Assert.Equal(0.0258, checks[0].Margin, 4);
        Assert.Equal(4, table.Methods["dwp"].N);
    }

    [Fact]
    public void The_bayes_check_compares_dwp_with_sn_at_50_and_100_only()
    {
        var results = Sizes.SelectMany(n => new[] { ("dwp", 0.8), ("sn", 0.7) }.SelectMany(p =>
            Enumerable.Range(0, 2).Select(s => Curve(p.Item1, s, [p.Item2 + (s * 0.01)], n, [300]))));

        var checks = Comparisons.Checks(Comparisons.Build(results, ["dwp", "sn"]), EvaluationMode.Bayes);

        Assert.Equal([50, 100], checks.Select(c => c.TrainSize));
        Assert.All(checks, c => Assert.Equal(0.1, c.Difference, 6));
        Assert.All(checks, c => Assert.True(c.Holds));
    }

    [Fact]
    public void Over_several_fronts_each_cell_is_taken_over_the_fronts_means()
    {
        // Front 0's seeds average 0.6, front 1's 0.8: two observations, not four.
        var results = new[] { (0, 0, 0.5), (0, 1, 0.7), (1, 0, 0.8), (1, 1, 0.8) }
            .Select(r => Curve("dwp", r.Item2, [r.Item3], steps: [50]) with { Front = r.Item1 });

        var cell = Assert.Single(Comparisons.Build(results, ["dwp"])).Methods["dwp"].Points.Single();

        Assert.Equal(2, cell.N);
        Assert.Equal(0.7, cell.Mean, 6);
        Assert.Equal(Math.Sqrt(0.02), cell.Std, 6);
    }

    [Fact]
    public void One_value_has_no_spread_and_none_has_no_mean()
    {
        Assert.Equal(new Summary(0.5, 0, 1), Summary.Of([0.5]));
        Assert.True(double.IsNaN(Summary.Of([]).Mean));
        Assert.True(double.IsNaN(Summary.Of([]).StandardError));
    }

    private static EvaluationResult Curve(string method, int seed, double[] accuracy, int size = 1000, int[]? steps = null) => new()
    {
        DataSha256 = "x",
        Environment = "x",
        Method = method,
        TrainSize = size,
        Seed = seed,
        Steps = steps ?? [0, 50, 100],
        Accuracy = accuracy,
    };
}
