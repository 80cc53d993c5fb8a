using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;

namespace DwpFarm.Dwp.Tests.Ml;

public sealed class KernelStatisticsTests
{
    [Fact]
    public void White_noise_is_not_smooth_and_structured_kernels_are()
    {
        var random = new Random(1);
        var noise = new KernelSet(7, [.. Enumerable.Range(0, 2000 * 49).Select(_ => (float)(random.NextDouble() - 0.5))]);

        var white = KernelStatistics.Of(noise, initialNorm: 1);
        var edges = KernelStatistics.Of(SyntheticKernels.Make(2000, 7, 2), initialNorm: 1);

        Assert.InRange(white.Smoothness, -0.03, 0.03);

        // A kernel's own centred lag-1 estimate is biased low on 49 pixels (about −1/42 for noise).
        Assert.InRange(white.KernelAutocorrelation, -0.08, 0.02);
        Assert.True(edges.Smoothness > 0.8, $"smoothness of smooth edges {edges.Smoothness}");
        Assert.True(edges.KernelAutocorrelation > 0.6, $"per-kernel autocorrelation of smooth edges {edges.KernelAutocorrelation}");
    }

    [Fact]
    public void The_mean_share_tells_edges_from_blobs_of_one_sign()
    {
        var random = new Random(2);
        var noise = new KernelSet(7, [.. Enumerable.Range(0, 2000 * 49).Select(_ => (float)(random.NextDouble() - 0.5))]);

        // A vertical edge (−1 | +1) has no mean; a flat blob is all mean; one of each: half the energy (4 of 4 + 4).
        var edge = new KernelSet(2, [-1, 1, -1, 1]);
        var blob = new KernelSet(2, [1, 1, 1, 1]);

        Assert.InRange(KernelStatistics.Of(noise, 0).MeanShare, 1.0 / 49 * 0.9, 1.0 / 49 * 1.1);
        Assert.Equal(0, KernelStatistics.Of(edge, 0).MeanShare, 12);
        Assert.Equal(1, KernelStatistics.Of(blob, 0).MeanShare, 12);
        Assert.Equal(0.5, KernelStatistics.Of([edge, blob], 0).MeanShare, 12);
        Assert.True(double.IsNaN(KernelStatistics.Of(new KernelSet(2, [0, 0, 0, 0]), 0).MeanShare), "zero kernels have no energy to share");
    }

    [Fact]
    public void Norm_quantiles_and_the_near_dead_share_are_exact()
    {
        // Ten 1×1 "kernels" of norms 0.1 … 1.0; below a quarter of an initial norm of 1.0 are 0.1 and 0.2.
        var set = new KernelSet(1, [.. Enumerable.Range(1, 10).Select(i => (float)(i / 10.0)).Reverse()]);

        var stats = KernelStatistics.Of(set, initialNorm: 1.0);

        Assert.Equal(10, stats.Count);
        Assert.Equal(0.19, stats.P10, 5);
        Assert.Equal(0.55, stats.Median, 5);
        Assert.Equal(0.91, stats.P90, 5);
        Assert.Equal(0.2, stats.NearDead, 10);
        Assert.True(double.IsNaN(KernelStatistics.Of(set, initialNorm: 0).NearDead), "a share below an unknown norm must be unknown");
    }

    [Fact]
    public void A_kernels_autocorrelation_is_the_usual_lag_1_estimate_averaged_over_both_directions()
    {
        // Rows 0 1 2: horizontal lag products sum to 0, vertical ones to 4, squares to 6, so (0/6 + 4/6) / 2.
        var ramp = new KernelSet(3, [0, 1, 2, 0, 1, 2, 0, 1, 2]);

        Assert.Equal(1.0 / 3, KernelStatistics.Of(ramp, initialNorm: 0).KernelAutocorrelation, 12);
    }

    [Fact]
    public void Statistics_of_several_sets_equal_those_of_their_union()
    {
        var a = SyntheticKernels.Make(30, 5, 3);
        var b = SyntheticKernels.Make(50, 5, 4);

        Assert.Equal(KernelStatistics.Of(KernelSet.Concat([a, b]), 0.3), KernelStatistics.Of([a, b], 0.3));
    }

    [Fact]
    public void The_initial_norm_is_that_of_a_Xavier_kernel_as_the_authors_nets_have_it()
    {
        // 256×512 sources: 0.088 for conv1, 0.051 for conv2 (DESIGN.md).
        var norms = FConvWidths.Source.InitialKernelNorms();

        Assert.Equal(0.088, norms[0], 3);
        Assert.Equal(0.051, norms[1], 3);
        Assert.Equal(new FConvWidths(128, 64), FConvWidths.FromKernelCounts([128, 128 * 64]));
        Assert.Null(FConvWidths.FromKernelCounts([128, 100]));
    }
}
