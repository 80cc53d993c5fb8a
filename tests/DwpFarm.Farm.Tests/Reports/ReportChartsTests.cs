using DwpFarm.Client.Reports;
using DwpFarm.Imaging;
using DwpFarm.Pipeline.Statistics;
using SkiaSharp;

namespace DwpFarm.Farm.Tests.Reports;

/// <summary>Which plots a report gets, and that they render at the chart's size.</summary>
public sealed class ReportChartsTests
{
    [Fact]
    public void An_init_report_plots_accuracy_and_the_difference_per_train_size()
    {
        var charts = ReportCharts.Of(SyntheticReports.Init()).ToList();

        Assert.Equal(["accuracy-n8000.png", "difference-n8000.png"], charts.Select(c => c.Name));
        Assert.All(charts, c => AssertPng(c.Chart.EncodePng(), 720, 440));
    }

    [Fact]
    public void A_report_of_arms_brought_to_one_scale_says_so_in_every_plot_title()
    {
        var own = SyntheticReports.Init();
        var scaled = own with { Spec = own.Spec with { Evaluation = own.Spec.Evaluation with { ScaleTo = "xavier" } } };

        Assert.All(ReportCharts.Of(scaled), c => Assert.EndsWith(", all at xavier's scale", c.Chart.Title, StringComparison.Ordinal));
        Assert.All(ReportCharts.Of(own), c => Assert.DoesNotContain("scale", c.Chart.Title, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bayes_report_plots_accuracy_per_prior_and_n_in_one_chart()
    {
        var charts = ReportCharts.Of(SyntheticReports.Bayes()).ToList();

        Assert.Equal([ReportCharts.FewShotPlot], charts.Select(c => c.Name));
        AssertPng(charts[0].Chart.EncodePng(), 720, 440);
    }

    [Fact]
    public void Without_dwp_or_without_a_baseline_there_is_no_difference_plot()
    {
        var table = Comparisons.Of(SyntheticReports.Init()).Single();
        var noDwp = table with { Methods = table.Methods.Where(m => m.Key != "dwp").ToDictionary() };
        var noBaseline = table with { Methods = table.Methods.Where(m => !ReportCharts.DifferenceBaselines.Contains(m.Key)).ToDictionary() };

        Assert.NotNull(ReportCharts.Difference(table));
        Assert.Null(ReportCharts.Difference(noDwp));
        Assert.Null(ReportCharts.Difference(noBaseline));
    }

    [Fact]
    public void A_series_or_ticks_of_mismatched_lengths_are_refused()
    {
        var chart = new LineChart("t", "x", "y");

        Assert.Throws<ArgumentException>(() => chart.Add(new ChartSeries("a", [1, 2], [1])));
        Assert.Throws<ArgumentException>(() => chart.Add(new ChartSeries("a", [1, 2], [1, 2], [0.1])));
        Assert.Throws<ArgumentException>(() => chart.XTicks([0, 1], ["50"]));
    }

    [Fact]
    public void Every_style_renders_at_the_size_asked()
    {
        var chart = new LineChart("styles", "x", "y") { Width = 500, Height = 300 }
            .Add(new ChartSeries("band", [0, 1, 2], [0.1, 0.5, 0.7], [0.05, 0.05, 0.02]))
            .Add(new ChartSeries("bars", [0.1, 1.1], [0.3, 0.6], [0.02, 0.03], SeriesStyle.ErrorBars, 0))
            .Add(new ChartSeries("paper", [0.2, 1.2], [0.35, 0.62], Style: SeriesStyle.Markers, Colour: 0))
            .ReferenceLine(0)
            .XTicks([0, 1, 2], ["50", "100", "200"]);

        AssertPng(chart.EncodePng(), 500, 300);
    }

    private static void AssertPng(byte[] png, int width, int height)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
    }
}
