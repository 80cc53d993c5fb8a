using System.Globalization;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Imaging;
using DwpFarm.Pipeline.Statistics;

namespace DwpFarm.Client.Reports;

/// <summary>
/// The report's plots by file name. Init mode: per train size the accuracy curves (mean ± 1 std) and the difference
/// plot (DWP − each baseline per step, ± the verdict's margin, beside zero). Bayes mode: accuracy per prior and N with
/// error bars beside the authors' numbers.
/// </summary>
public static class ReportCharts
{
    public const string FewShotPlot = "fewshot.png";

    /// <summary>The baselines the difference plot sets DWP against, where the sweep ran them.</summary>
    public static readonly IReadOnlyList<string> DifferenceBaselines = ["xavier", "default"];

    public static IEnumerable<(string Name, LineChart Chart)> Of(SweepReport report)
    {
        if (FewShotTable.From(report) is { } fewShot)
        {
            // Bayes mode scores each run once, at the end: one chart of accuracy against N.
            yield return (FewShotPlot, FewShot(fewShot));
            yield break;
        }

        // A plot may travel without its report: its title says when the arms were brought to one scale.
        var scale = ReportMarkdown.ScaledTo(report.Spec.Evaluation) is { } to ? $", all at {to}'s scale" : string.Empty;
        foreach (var table in Comparisons.Of(report))
        {
            yield return (string.Create(CultureInfo.InvariantCulture, $"accuracy-n{table.TrainSize}.png"), Accuracy(table, scale));
            if (Difference(table, scale) is { } difference)
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"difference-n{table.TrainSize}.png"), difference);
            }
        }
    }

    /// <param name="table">One train size's curves.</param>
    /// <param name="scale">Appended to the title.</param>
    public static LineChart Accuracy(ComparisonTable table, string scale = "")
    {
        var chart = new LineChart(string.Create(CultureInfo.InvariantCulture, $"Test accuracy, N = {table.TrainSize} (mean ± 1 std){scale}"), "training step", "test accuracy");
        foreach (var (method, curve) in table.Methods)
        {
            chart.Add(new ChartSeries($"{method} (n={curve.N})", Steps(table), curve.Mean, curve.Std));
        }

        return chart;
    }

    /// <summary>
    /// DWP − baseline at every step, the band ± the sum of the two standard errors: where the band clears zero,
    /// the verdict (<see cref="Verdict.Holds"/>) holds. Null when DWP or every baseline is missing.
    /// </summary>
    /// <param name="table">One train size's curves.</param>
    /// <param name="scale">Appended to the title.</param>
    public static LineChart? Difference(ComparisonTable table, string scale = "")
    {
        var series = DifferenceBaselines
            .Select(baseline => (Baseline: baseline, Verdicts: table.Versus("dwp", baseline, table.Steps)))
            .Where(s => s.Verdicts.Count > 0)
            .Select(s => new ChartSeries($"dwp − {s.Baseline}", [.. s.Verdicts.Select(v => (double)v.Step)], [.. s.Verdicts.Select(v => v.Difference)], [.. s.Verdicts.Select(v => v.Margin)]))
            .ToList();
        if (series.Count == 0)
        {
            return null;
        }

        var chart = new LineChart(string.Create(CultureInfo.InvariantCulture, $"DWP − baseline, N = {table.TrainSize} (± SE sum){scale}"), "training step", "accuracy difference (> 0: DWP ahead)");
        chart.ReferenceLine(0);
        series.ForEach(s => chart.Add(s));
        return chart;
    }

    /// <summary>Train sizes at even positions; per prior, the measured mean ± 1 std and, just right of it, the authors' number in the same colour.</summary>
    public static LineChart FewShot(FewShotTable table)
    {
        const double Slot = 0.22, Beside = 0.06;
        var chart = new LineChart("Ensemble accuracy per N (mean ± 1 std)", "training examples N (open markers: the paper)", "test accuracy");
        chart.XTicks([.. table.Sizes.Select((_, i) => (double)i)], [.. table.Sizes.Select(n => n.ToString(CultureInfo.InvariantCulture))]);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var offset = (r - ((table.Rows.Count - 1) / 2.0)) * Slot;
            var measured = row.Cells.Select((c, i) => (X: i + offset - Beside, c.Measured)).Where(p => p.Measured is { N: > 0 }).ToArray();
            if (measured.Length > 0)
            {
                chart.Add(new ChartSeries(row.Prior, [.. measured.Select(p => p.X)], [.. measured.Select(p => p.Measured!.Mean)], [.. measured.Select(p => p.Measured!.Std)], SeriesStyle.ErrorBars, r));
            }

            var paper = row.Cells.Select((c, i) => (X: i + offset + Beside, c.Paper)).Where(p => p.Paper is not null).ToArray();
            if (paper.Length > 0)
            {
                chart.Add(new ChartSeries($"{row.Prior} (paper)", [.. paper.Select(p => p.X)], [.. paper.Select(p => p.Paper!.Value)], Style: SeriesStyle.Markers, Colour: r));
            }
        }

        return chart;
    }

    private static double[] Steps(ComparisonTable table) => [.. table.Steps.Select(s => (double)s)];
}
