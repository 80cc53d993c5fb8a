using System.Globalization;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Farm;

/// <summary>The DWP-versus-baselines table on a terminal.</summary>
public static class ComparisonView
{
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

        if (table.Methods.TryGetValue("dwp", out var dwp) && table.Methods.TryGetValue("xavier", out var xavier))
        {
            view.AddRow(["dwp − xavier", string.Empty, .. dwp.Mean.Select((m, i) => Difference(m - xavier.Mean[i], (dwp.Std[i] / Math.Sqrt(dwp.N)) + (xavier.Std[i] / Math.Sqrt(xavier.N))))]);
        }

        return view;
    }

    /// <summary>Green when the difference exceeds the two standard errors combined.</summary>
    private static string Difference(double difference, double standardErrors)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{difference:+0.000;-0.000} (SE {standardErrors:F3})");
        return difference > standardErrors ? $"[green]{text}[/]" : text;
    }
}
