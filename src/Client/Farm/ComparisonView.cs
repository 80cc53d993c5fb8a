using System.Globalization;
using DwpFarm.Client.Reports;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Pipeline.Statistics;
using Spectre.Console;

namespace DwpFarm.Client.Farm;

/// <summary>The DWP-versus-baselines table on a terminal.</summary>
public static class ComparisonView
{
    /// <summary>A bayes-mode sweep's few-shot table beside the authors'; otherwise one table per train size.</summary>
    public static IEnumerable<Table> Tables(SweepReport report)
        => FewShotTable.From(report) is { } fewShot ? [FewShot(fewShot)] : Comparisons.Of(report).Select(Table);

    /// <summary>Measured mean ± std (n) and the authors' number per prior and N.</summary>
    public static Table FewShot(FewShotTable table)
    {
        var view = new Table().Border(TableBorder.Rounded)
            .Title("MNIST test accuracy of the Monte Carlo ensemble (mean ± std over n seeds; paper: the authors')")
            .AddColumn("prior");
        foreach (var n in table.Sizes)
        {
            view.AddColumn(new TableColumn(string.Create(CultureInfo.InvariantCulture, $"N = {n}")).RightAligned());
        }

        foreach (var row in table.Rows)
        {
            view.AddRow([row.Prior == "dwp" ? "[bold]dwp[/]" : Markup.Escape(row.Prior), .. row.Cells.Select(c => c.Measured is { } m
                ? string.Create(CultureInfo.InvariantCulture, $"{m.Mean:F3} ± {m.Std:F3} ({m.N})")
                : "–")]);
            view.AddRow([$"  paper", .. row.Cells.Select(c => c.Paper is { } p ? p.ToString("F3", CultureInfo.InvariantCulture) : "–")]);
        }

        return view;
    }

    public static Table Table(ComparisonTable table)
    {
        var view = new Table().Border(TableBorder.Rounded)
            .Title(string.Create(CultureInfo.InvariantCulture, $"MNIST test accuracy, N = {table.TrainSize} (mean ± std over seeds)"))
            .AddColumn("method").AddColumn("n");
        foreach (var step in table.Steps)
        {
            view.AddColumn(new TableColumn(string.Create(CultureInfo.InvariantCulture, $"step {step}")).RightAligned());
        }

        foreach (var (method, curve) in table.Methods)
        {
            view.AddRow([method == "dwp" ? "[bold]dwp[/]" : Markup.Escape(method), curve.N.ToString(CultureInfo.InvariantCulture),
                .. curve.Mean.Select((m, i) => string.Create(CultureInfo.InvariantCulture, $"{m:F3} ± {curve.Std[i]:F3}"))]);
        }

        if (table.Versus("dwp", "xavier", table.Steps) is { Count: > 0 } verdicts)
        {
            view.AddRow(["dwp − xavier", string.Empty, .. verdicts.Select(Difference)]);
        }

        return view;
    }

    /// <summary>Green when the difference exceeds the two standard errors combined.</summary>
    private static string Difference(Verdict verdict)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{verdict.Difference:+0.000;-0.000} (SE {verdict.Margin:F3})");
        return verdict.Holds ? $"[green]{text}[/]" : text;
    }
}
