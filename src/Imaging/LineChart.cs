using DwpFarm.Data;
using ScottPlot;

namespace DwpFarm.Imaging;

/// <summary>
/// A PNG chart for reports, drawn by ScottPlot: series as curves with ±bands, as markers with error bars or as
/// open markers, dashed horizontal reference lines (such as zero on a difference plot), optional named x ticks, and
/// a legend to the right.
/// </summary>
public sealed class LineChart(string title, string xLabel, string yLabel)
{
    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    private readonly List<ChartSeries> _series = [];
    private readonly List<double> _references = [];
    private (double[] Positions, string[] Labels)? _xTicks;

    public string Title => title;

    public int Width { get; init; } = 720;

    public int Height { get; init; } = 440;

    public LineChart Add(ChartSeries series)
    {
        if (series.X.Count != series.Mean.Count || series.Band is { } band && band.Count != series.Mean.Count)
        {
            throw new ArgumentException($"series '{series.Label}' has {series.X.Count} x values, {series.Mean.Count} means and {series.Band?.Count} band values", nameof(series));
        }

        _series.Add(series);
        return this;
    }

    /// <summary>A dashed horizontal line at <paramref name="y"/>.</summary>
    public LineChart ReferenceLine(double y)
    {
        _references.Add(y);
        return this;
    }

    /// <summary>Names the x axis' ticks (for example train sizes at evenly spaced positions) instead of numbering them.</summary>
    public LineChart XTicks(IReadOnlyList<double> positions, IReadOnlyList<string> labels)
    {
        if (positions.Count != labels.Count)
        {
            throw new ArgumentException($"{positions.Count} tick positions but {labels.Count} labels", nameof(labels));
        }

        _xTicks = ([.. positions], [.. labels]);
        return this;
    }

    public byte[] EncodePng()
    {
        using var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        foreach (var y in _references)
        {
            var line = plot.Add.HorizontalLine(y, width: 1, color: Colors.Black, pattern: LinePattern.Dashed);
            line.ExcludeFromLegend = true;
        }

        var next = 0;
        foreach (var series in _series)
        {
            var colour = Palette.GetColor(series.Colour ?? next++);
            double[] xs = [.. series.X], ys = [.. series.Mean];
            double[] band = [.. series.Band ?? [.. ys.Select(_ => 0.0)]];
            if (series.Style == SeriesStyle.Band && series.Band is not null)
            {
                var fill = plot.Add.FillY(xs, [.. ys.Select((y, i) => y - Math.Abs(band[i]))], [.. ys.Select((y, i) => y + Math.Abs(band[i]))]);
                fill.FillColor = colour.WithAlpha(0.2);
                fill.LineWidth = 0;
            }
            else if (series.Style == SeriesStyle.ErrorBars && series.Band is not null)
            {
                var bars = plot.Add.ErrorBar(xs, ys, band);
                bars.Color = colour;
                bars.LineWidth = 1.5f;
            }

            var points = plot.Add.Scatter(xs, ys, colour);
            points.LegendText = series.Label;
            points.LineWidth = series.Style == SeriesStyle.Band ? 2 : 0;
            points.MarkerSize = series.Style == SeriesStyle.Band ? 5 : 9;
            points.MarkerShape = series.Style == SeriesStyle.Markers ? MarkerShape.OpenDiamond : MarkerShape.FilledCircle;
        }

        if (_xTicks is var (positions, labels))
        {
            plot.Axes.Bottom.SetTicks(positions, labels);
        }

        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Writes the PNG atomically.</summary>
    public void Save(string path) => AtomicFile.Write(path, EncodePng());
}
