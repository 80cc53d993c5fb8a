using DwpFarm.Data;
using DwpFarm.Dwp.Images;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// A small MNIST-shaped IDX folder made by the test: each class is a bright bar at its own
/// height plus seeded noise, so a net learns it quickly and no download is needed.
/// </summary>
internal static class SyntheticMnist
{
    public static string Write(string folder, int train = 600, int test = 200, int seed = 7)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        IdxWriter.Write(Make(train, random), Path.Combine(folder, "train-images-idx3-ubyte"), Path.Combine(folder, "train-labels-idx1-ubyte"));
        IdxWriter.Write(Make(test, random), Path.Combine(folder, "t10k-images-idx3-ubyte"), Path.Combine(folder, "t10k-labels-idx1-ubyte"));
        return folder;
    }

    public static ImageSet Make(int count, Random random)
    {
        var images = new byte[count * ImageSet.Pixels];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var label = (byte)(i % 10);
            labels[i] = label;
            var image = images.AsSpan(i * ImageSet.Pixels, ImageSet.Pixels);
            for (var p = 0; p < ImageSet.Pixels; p++)
            {
                image[p] = (byte)random.Next(0, 60);
            }

            var row = 3 + (label * 2) + random.Next(-1, 2);
            for (var x = 4 + random.Next(0, 3); x < 24; x++)
            {
                image[(row * ImageSet.Side) + x] = 255;
                image[((row + 1) * ImageSet.Side) + x] = 220;
            }
        }

        return new ImageSet(images, labels, [.. Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }
}
