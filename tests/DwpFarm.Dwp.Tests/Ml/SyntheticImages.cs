using DwpFarm.Data;
using DwpFarm.Dwp.Images;

namespace DwpFarm.Dwp.Tests.Ml;

/// <summary>
/// Small labelled image sets made in memory: each class is a bright bar whose position and orientation
/// depend on the class, jittered by a few pixels, over light noise. Learnable in a few dozen steps.
/// </summary>
internal static class SyntheticImages
{
    public static ImageSet Make(int count, int seed, int classes = 10)
    {
        var random = new Random(seed);
        var images = new byte[count * ImageSet.Pixels];
        var labels = new byte[count];
        for (var n = 0; n < count; n++)
        {
            var label = n % classes;
            labels[n] = (byte)label;
            var image = images.AsSpan(n * ImageSet.Pixels, ImageSet.Pixels);
            for (var p = 0; p < image.Length; p++)
            {
                image[p] = (byte)random.Next(0, 40);
            }

            var horizontal = label % 2 == 0;
            var offset = 4 + (label / 2 * 4) + random.Next(-1, 2);
            var start = 4 + random.Next(-2, 3);
            for (var a = start; a < start + 18; a++)
            {
                for (var w = 0; w < 3; w++)
                {
                    var (row, col) = horizontal ? (offset + w, a) : (a, offset + w);
                    image[(row * ImageSet.Side) + col] = (byte)random.Next(200, 256);
                }
            }
        }

        return new ImageSet(images, labels, Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }
}
