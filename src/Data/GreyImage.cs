using SkiaSharp;

namespace DwpFarm.Data;

/// <summary>Decodes image files into square grey byte images with ink high (255) on a dark background (0).</summary>
public static class GreyImage
{
    /// <summary>
    /// Decodes the file, resizes it to <paramref name="side"/>×<paramref name="side"/> if needed, and
    /// writes its luminance (transparent pixels count as background) into <paramref name="destination"/>.
    /// Returns false when the file is not a readable image.
    /// </summary>
    public static bool TryDecode(string path, int side, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(side);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, side * side);
        SKBitmap? decoded;
        try
        {
            decoded = SKBitmap.Decode(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }

        if (decoded is null || decoded.Width == 0 || decoded.Height == 0)
        {
            decoded?.Dispose();
            return false;
        }

        using var bitmap = ToSquare(decoded, side);
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var c = bitmap.GetPixel(x, y);
                var luminance = ((0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue)) * c.Alpha / 255;
                destination[(y * side) + x] = (byte)Math.Round(luminance);
            }
        }

        if (BorderMean(destination[..(side * side)], side) > 127)
        {
            // Dark ink on a light page: flip it so ink is high, as in MNIST.
            foreach (ref var value in destination[..(side * side)])
            {
                value = (byte)(255 - value);
            }
        }

        return true;
    }

    /// <summary>The bitmap itself if it already has the size, else a smoothly resampled copy (the original is disposed).</summary>
    private static SKBitmap ToSquare(SKBitmap bitmap, int side)
    {
        if (bitmap.Width == side && bitmap.Height == side)
        {
            return bitmap;
        }

        using (bitmap)
        {
            var info = new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            return bitmap.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
                ?? throw new InvalidOperationException($"Skia could not resize a {bitmap.Width}×{bitmap.Height} image");
        }
    }

    private static double BorderMean(ReadOnlySpan<byte> image, int side)
    {
        long sum = 0;
        var count = 0;
        for (var i = 0; i < side; i++)
        {
            sum += image[i] + image[((side - 1) * side) + i] + image[i * side] + image[(i * side) + side - 1];
            count += 4;
        }

        return (double)sum / count;
    }
}
