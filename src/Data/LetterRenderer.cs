using DwpFarm.Dwp.Images;
using SkiaSharp;

namespace DwpFarm.Data;

/// <summary>
/// Renders a glyph outline into a 28×28 grey image: rotated, its tight bounds fitted into a box
/// centred in the image (aspect ratio kept), its stroke thickened or thinned, shifted, antialiased,
/// ink 255 on 0.
/// </summary>
internal static class LetterRenderer
{
    /// <summary>Side of the box a clean glyph's larger dimension is fitted to, leaving a 2 px margin.</summary>
    public const float Box = 24;

    /// <summary>
    /// Thinning that leaves less than this share of the unthinned ink is undone: a light font's
    /// hairlines would vanish, and the letter would no longer be recognisable.
    /// </summary>
    private const double MinThinnedInk = 0.5;

    /// <summary>Renders the glyph into <paramref name="destination"/> (784 bytes); returns its ink in pixel units.</summary>
    public static double Render(SKPath glyph, LetterAugmentation augmentation, Span<byte> destination)
    {
        using var placed = Place(glyph, augmentation);
        if (placed is null)
        {
            destination.Clear();
            return 0;
        }

        if (augmentation.StrokeDelta > 0)
        {
            using var thick = Stroked(placed, (float)augmentation.StrokeDelta, SKPaintStyle.StrokeAndFill);
            return Rasterize(thick ?? placed, augmentation, destination);
        }

        if (augmentation.StrokeDelta < 0)
        {
            using var band = Stroked(placed, (float)-augmentation.StrokeDelta, SKPaintStyle.Stroke);
            using var thin = band is null ? null : placed.Op(band, SKPathOp.Difference);
            var fullInk = Rasterize(placed, augmentation, destination);
            if (thin is not null)
            {
                Span<byte> thinned = stackalloc byte[ImageSet.Pixels];
                var thinInk = Rasterize(thin, augmentation, thinned);
                if (thinInk >= MinThinnedInk * fullInk)
                {
                    thinned.CopyTo(destination);
                    return thinInk;
                }
            }

            return fullInk;
        }

        return Rasterize(placed, augmentation, destination);
    }

    /// <summary>The glyph rotated, then scaled and centred so its tight bounds fill the (scaled) box.</summary>
    private static SKPath? Place(SKPath glyph, LetterAugmentation augmentation)
    {
        var rotated = new SKPath();
        glyph.Transform(SKMatrix.CreateRotationDegrees((float)augmentation.RotationDegrees), rotated);
        var bounds = rotated.TightBounds;
        var extent = Math.Max(bounds.Width, bounds.Height);
        if (rotated.IsEmpty || extent <= 0)
        {
            rotated.Dispose();
            return null;
        }

        var scale = Box * (float)augmentation.Scale / extent;
        const float centre = ImageSet.Side / 2f;
        var fit = SKMatrix.CreateTranslation(-bounds.MidX, -bounds.MidY)
            .PostConcat(SKMatrix.CreateScale(scale, scale))
            .PostConcat(SKMatrix.CreateTranslation(centre, centre));
        rotated.Transform(fit);
        return rotated;
    }

    private static SKPath? Stroked(SKPath path, float width, SKPaintStyle style)
    {
        using var paint = new SKPaint { Style = style, StrokeWidth = width, StrokeJoin = SKStrokeJoin.Round, StrokeCap = SKStrokeCap.Round };
        return paint.GetFillPath(path);
    }

    /// <summary>Draws the path shifted by the augmentation, as far as the image edges allow.</summary>
    private static double Rasterize(SKPath path, LetterAugmentation augmentation, Span<byte> destination)
    {
        var bounds = path.TightBounds;
        var dx = Clamp(augmentation.ShiftX, -bounds.Left, ImageSet.Side - bounds.Right);
        var dy = Clamp(augmentation.ShiftY, -bounds.Top, ImageSet.Side - bounds.Bottom);

        // Alpha8: the coverage Skia computes is the grey value itself.
        using var bitmap = new SKBitmap(new SKImageInfo(ImageSet.Side, ImageSet.Side, SKColorType.Alpha8, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { IsAntialias = true, Color = SKColors.White, Style = SKPaintStyle.Fill })
        {
            canvas.Clear(SKColors.Transparent);
            canvas.Translate(dx, dy);
            canvas.DrawPath(path, paint);
        }

        var pixels = bitmap.GetPixelSpan();
        pixels.CopyTo(destination);
        var ink = 0L;
        foreach (var value in pixels)
        {
            ink += value;
        }

        return ink / 255.0;
    }

    /// <summary>The shift, limited to the room the ink has; no limit on a side that already overflows.</summary>
    private static float Clamp(double shift, float lowest, float highest) =>
        (float)Math.Clamp(shift, Math.Min(lowest, 0), Math.Max(highest, 0));
}
