using DwpFarm.Data;
using DwpFarm.Dwp.Images;
using SkiaSharp;

namespace DwpFarm.Imaging;

/// <summary>
/// A PNG grid of small single-channel tiles, one labelled row per group (a class, a layer, …),
/// scaled up with nearest-neighbour sampling so individual pixels stay visible.
/// </summary>
public sealed class ImageGrid
{
    private readonly List<(string Label, float[][] Tiles)> _rows = [];

    public ImageGrid(int tileWidth, int tileHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileHeight);
        TileWidth = tileWidth;
        TileHeight = tileHeight;
    }

    public int TileWidth { get; }

    public int TileHeight { get; }

    /// <summary>Output pixels per tile pixel.</summary>
    public int Scale { get; init; } = 3;

    /// <summary>Output pixels between tiles.</summary>
    public int Gap { get; init; } = 2;

    public GridNormalization Normalization { get; init; } = GridNormalization.Unit;

    public GridPalette Palette { get; init; } = GridPalette.Grey;

    /// <summary>An optional caption above the grid.</summary>
    public string? Title { get; init; }

    /// <summary>Lines of text under the grid (what the tiles' figures are).</summary>
    public IReadOnlyList<string> Caption { get; init; } = [];

    public int RowCount => _rows.Count;

    /// <summary>Adds a row of tiles, each <see cref="TileWidth"/>×<see cref="TileHeight"/> values, row-major.</summary>
    public ImageGrid AddRow(string label, IEnumerable<float[]> tiles)
    {
        ArgumentNullException.ThrowIfNull(label);
        var row = tiles.ToArray();
        foreach (var tile in row)
        {
            if (tile.Length != TileWidth * TileHeight)
            {
                throw new ArgumentException($"a tile holds {tile.Length} values, expected {TileWidth}×{TileHeight}", nameof(tiles));
            }
        }

        _rows.Add((label, row));
        return this;
    }

    /// <summary>Adds a row of byte tiles (0..255), mapped to [0, 1].</summary>
    public ImageGrid AddRow(string label, IEnumerable<ReadOnlyMemory<byte>> tiles) =>
        AddRow(label, tiles.Select(tile =>
        {
            var values = new float[tile.Length];
            var bytes = tile.Span;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = bytes[i] / 255f;
            }

            return values;
        }));

    /// <summary>A grid of up to <paramref name="perClass"/> images of each class, one row per class.</summary>
    public static ImageGrid OfClasses(ImageSet set, int perClass, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var grid = new ImageGrid(ImageSet.Side, ImageSet.Side) { Title = title };
        var samples = set.SamplePerClass(perClass);
        for (var c = 0; c < samples.Count; c++)
        {
            grid.AddRow(set.ClassNames[c], samples[c].Select(i => (ReadOnlyMemory<byte>)set.Images.AsMemory(i * ImageSet.Pixels, ImageSet.Pixels)));
        }

        return grid;
    }

    public byte[] EncodePng()
    {
        using var font = new SKFont(SKTypeface.Default, 14);
        var labelWidth = _rows.Count == 0 ? 0 : (int)Math.Ceiling(_rows.Max(r => font.MeasureText(r.Label))) + (2 * Gap) + 4;
        var titleHeight = Title is null ? 0 : 22;
        const int CaptionLine = 18;
        var columns = _rows.Count == 0 ? 0 : _rows.Max(r => r.Tiles.Length);
        var cellWidth = (TileWidth * Scale) + Gap;
        var cellHeight = (TileHeight * Scale) + Gap;
        var width = Math.Max(1, labelWidth + (columns * cellWidth) + Gap);
        var gridBottom = titleHeight + (_rows.Count * cellHeight) + Gap;
        var height = Math.Max(1, gridBottom + (Caption.Count * CaptionLine) + (Caption.Count > 0 ? 4 : 0));

        var gridMagnitude = Normalization == GridNormalization.SymmetricGrid ? MaxMagnitude(_rows.SelectMany(r => r.Tiles)) : 0;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        using (var text = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        using (var frame = new SKPaint { Color = new SKColor(0xc0, 0xc0, 0xc0), Style = SKPaintStyle.Stroke, StrokeWidth = 1 })
        {
            canvas.Clear(SKColors.White);
            if (Title is not null)
            {
                canvas.DrawText(Title, Gap, 16, SKTextAlign.Left, font, text);
            }

            for (var c = 0; c < Caption.Count; c++)
            {
                canvas.DrawText(Caption[c], Gap, gridBottom + ((c + 1) * CaptionLine), SKTextAlign.Left, font, text);
            }

            for (var r = 0; r < _rows.Count; r++)
            {
                var top = titleHeight + Gap + (r * cellHeight);
                var (label, tiles) = _rows[r];
                canvas.DrawText(label, labelWidth - Gap - 2, top + (TileHeight * Scale / 2f) + 5, SKTextAlign.Right, font, text);
                for (var t = 0; t < tiles.Length; t++)
                {
                    var dest = SKRect.Create(labelWidth + (t * cellWidth), top, TileWidth * Scale, TileHeight * Scale);
                    using var tile = Shade(tiles[t], gridMagnitude);
                    canvas.DrawBitmap(tile, dest, new SKSamplingOptions(SKFilterMode.Nearest), null);
                    if (Gap > 0)
                    {
                        // A one-pixel frame in the gap, so tiles whose edges match the background stay apart.
                        canvas.DrawRect(SKRect.Inflate(dest, 0.5f, 0.5f), frame);
                    }
                }
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Writes the PNG atomically: readers never see a half-written file.</summary>
    public void Save(string path) => AtomicFile.Write(path, EncodePng());

    private SKBitmap Shade(float[] values, float gridMagnitude)
    {
        var (offset, scale) = Normalization switch
        {
            GridNormalization.Unit => (0f, 1f),
            GridNormalization.MinMaxPerTile => MinMax(values),
            GridNormalization.SymmetricPerTile => Symmetric(MaxMagnitude([values])),
            GridNormalization.SymmetricGrid => Symmetric(gridMagnitude),
            _ => throw new InvalidOperationException($"unknown normalisation {Normalization}"),
        };

        var bitmap = new SKBitmap(new SKImageInfo(TileWidth, TileHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < values.Length; i++)
        {
            var color = Colour(Math.Clamp((values[i] * scale) + offset, 0f, 1f));
            pixels[(4 * i) + 0] = color.Red;
            pixels[(4 * i) + 1] = color.Green;
            pixels[(4 * i) + 2] = color.Blue;
            pixels[(4 * i) + 3] = 255;
        }

        return bitmap;
    }

    private SKColor Colour(float v)
    {
        if (Palette == GridPalette.Grey)
        {
            var g = (byte)Math.Round(v * 255);
            return new SKColor(g, g, g);
        }

        // Blue → white → red, linear in each half.
        var toWhite = v < 0.5f ? v * 2 : (1 - v) * 2;
        var w = (byte)Math.Round(toWhite * 255);
        return v < 0.5f ? new SKColor(w, w, 255) : new SKColor(255, w, w);
    }

    /// <summary>Maps [min, max] to [0, 1]; a flat tile maps to mid-scale.</summary>
    private static (float Offset, float Scale) MinMax(float[] values)
    {
        var min = values.Length == 0 ? 0 : values.Min();
        var max = values.Length == 0 ? 0 : values.Max();
        return max > min ? (-min / (max - min), 1 / (max - min)) : (0.5f, 0);
    }

    /// <summary>Maps [-m, m] to [0, 1], so 0 is mid-scale.</summary>
    private static (float Offset, float Scale) Symmetric(float magnitude) =>
        magnitude > 0 ? (0.5f, 0.5f / magnitude) : (0.5f, 0);

    private static float MaxMagnitude(IEnumerable<float[]> tiles) =>
        tiles.SelectMany(t => t).Select(MathF.Abs).DefaultIfEmpty(0).Max();
}
