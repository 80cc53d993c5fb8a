using System.Globalization;
using DwpFarm.Data;
using SkiaSharp;

namespace DwpFarm.Imaging;

/// <summary>
/// A PNG line chart: one coloured line per series with a translucent ±band (for example
/// ±1 std across seeds), axes with ticks, and a legend. Enough for report plots without a
/// plotting dependency.
/// </summary>
public sealed class LineChart(string title, string xLabel, string yLabel)
{
    private static readonly SKColor[] Palette =
    [
        new(0xd6, 0x27, 0x28), new(0x1f, 0x77, 0xb4), new(0x2c, 0xa0, 0x2c), new(0x94, 0x67, 0xbd),
        new(0xff, 0x7f, 0x0e), new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f),
    ];

    private readonly List<ChartSeries> _series = [];

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

    public byte[] EncodePng()
    {
        const float Left = 64, Right = 150, Top = 36, Bottom = 52;
        var points = _series.SelectMany(s => s.X.Select((x, i) => (X: x, Lo: s.Mean[i] - Band(s, i), Hi: s.Mean[i] + Band(s, i)))).ToList();
        var (xMin, xMax) = points.Count == 0 ? (0, 1) : (points.Min(p => p.X), points.Max(p => p.X));
        var (yMin, yMax) = points.Count == 0 ? (0, 1) : (points.Min(p => p.Lo), points.Max(p => p.Hi));
        (yMin, yMax) = Pad(yMin, yMax);
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        var plot = new SKRect(Left, Top, Width - Right, Height - Bottom);
        float Px(double x) => plot.Left + (float)((x - xMin) / (xMax - xMin) * plot.Width);
        float Py(double y) => plot.Bottom - (float)((y - yMin) / (yMax - yMin) * plot.Height);

        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        using var font = new SKFont(SKTypeface.Default, 13);
        using var titleFont = new SKFont(SKTypeface.Default, 15);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(0xe4, 0xe4, 0xe4), StrokeWidth = 1 };
        canvas.Clear(SKColors.White);
        canvas.DrawText(title, Width / 2f, 22, SKTextAlign.Center, titleFont, ink);

        foreach (var tick in Ticks(yMin, yMax))
        {
            canvas.DrawLine(plot.Left, Py(tick), plot.Right, Py(tick), grid);
            canvas.DrawText(tick.ToString("0.###", CultureInfo.InvariantCulture), plot.Left - 6, Py(tick) + 4, SKTextAlign.Right, font, ink);
        }

        foreach (var tick in Ticks(xMin, xMax))
        {
            canvas.DrawLine(Px(tick), plot.Top, Px(tick), plot.Bottom, grid);
            canvas.DrawText(tick.ToString("0.###", CultureInfo.InvariantCulture), Px(tick), plot.Bottom + 16, SKTextAlign.Center, font, ink);
        }

        using (var frame = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 1 })
        {
            canvas.DrawRect(plot, frame);
        }
        canvas.DrawText(xLabel, plot.MidX, Height - 14, SKTextAlign.Center, font, ink);
        canvas.Save();
        canvas.RotateDegrees(-90, 16, plot.MidY);
        canvas.DrawText(yLabel, 16, plot.MidY, SKTextAlign.Center, font, ink);
        canvas.Restore();

        for (var s = 0; s < _series.Count; s++)
        {
            var series = _series[s];
            var colour = Palette[s % Palette.Length];
            if (series.Band is not null && series.X.Count > 1)
            {
                using var builder = new SKPathBuilder();
                builder.MoveTo(Px(series.X[0]), Py(series.Mean[0] + Band(series, 0)));
                for (var i = 1; i < series.X.Count; i++)
                {
                    builder.LineTo(Px(series.X[i]), Py(series.Mean[i] + Band(series, i)));
                }

                for (var i = series.X.Count - 1; i >= 0; i--)
                {
                    builder.LineTo(Px(series.X[i]), Py(series.Mean[i] - Band(series, i)));
                }

                builder.Close();
                using var band = builder.Detach();
                using var fill = new SKPaint { Color = colour.WithAlpha(0x38), IsAntialias = true, Style = SKPaintStyle.Fill };
                canvas.DrawPath(band, fill);
            }

            using var line = new SKPaint { Color = colour, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2 };
            var vertices = series.X.Select((x, i) => new SKPoint(Px(x), Py(series.Mean[i]))).ToArray();
            canvas.DrawPoints(SKPointMode.Polygon, vertices, line);
            foreach (var point in vertices)
            {
                canvas.DrawCircle(point, 2.5f, line);
            }

            var legendY = plot.Top + 14 + (s * 20);
            canvas.DrawLine(plot.Right + 12, legendY - 4, plot.Right + 36, legendY - 4, line);
            canvas.DrawText(series.Label, plot.Right + 42, legendY, SKTextAlign.Left, font, ink);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Writes the PNG atomically.</summary>
    public void Save(string path) => AtomicFile.Write(path, EncodePng());

    private static double Band(ChartSeries s, int i) => s.Band is null ? 0 : Math.Abs(s.Band[i]);

    private static (double Min, double Max) Pad(double min, double max)
    {
        if (max - min < 1e-9)
        {
            return (min - 0.5, max + 0.5);
        }

        var pad = (max - min) * 0.05;
        return (min - pad, max + pad);
    }

    /// <summary>About six round-numbered ticks between <paramref name="min"/> and <paramref name="max"/>.</summary>
    private static IEnumerable<double> Ticks(double min, double max)
    {
        var raw = (max - min) / 6;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            yield return Math.Round(t, 10);
        }
    }
}
