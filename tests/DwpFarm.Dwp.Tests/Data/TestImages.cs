using DwpFarm.Data;
using DwpFarm.Dwp.Images;

namespace DwpFarm.Dwp.Tests.Data;

/// <summary>Small synthetic image sets whose pixels identify each image.</summary>
internal static class TestImages
{
    /// <summary>A set with the given number of images per class; image i's pixels encode i, so images can be told apart.</summary>
    public static ImageSet Numbered(IReadOnlyList<string> classNames, params int[] perClass)
    {
        var labels = perClass.SelectMany((count, c) => Enumerable.Repeat((byte)c, count)).ToArray();
        var images = new byte[labels.Length * ImageSet.Pixels];
        for (var i = 0; i < labels.Length; i++)
        {
            var image = images.AsSpan(i * ImageSet.Pixels, ImageSet.Pixels);
            image[0] = (byte)(i & 0xff);
            image[1] = (byte)(i >> 8);
            for (var p = 2; p < image.Length; p++)
            {
                image[p] = (byte)((i * 31) + p);
            }
        }

        return new ImageSet(images, labels, classNames);
    }

    /// <summary>The number that <see cref="Numbered"/> wrote into an image.</summary>
    public static int NumberOf(ReadOnlySpan<byte> image) => image[0] | (image[1] << 8);
}
