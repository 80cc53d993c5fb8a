using DwpFarm.Dwp.Images;

namespace DwpFarm.Data;

/// <summary>
/// Letters drawn dark on light. The rendered letters are all light ink on black, where notMNIST's display fonts
/// include filled, boxed and outlined faces; a net that sees only the former counts ink with its kernels' means, and
/// its conv1 kernels then carry an eighth of their energy in their means, where the authors' bank carries none.
/// </summary>
public static class LetterPolarity
{
    // Its own stream of the data seed: the augmentation draws (seed, class, index).
    private const long Stream = 0x1A7E;

    /// <summary>
    /// <paramref name="images"/> with each image inverted (255 − ink) with probability <paramref name="share"/>, drawn
    /// for image i from (<paramref name="seed"/>, i); the same set when the share is 0.
    /// </summary>
    public static ImageSet Invert(ImageSet images, double share, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        if (share == 0)
        {
            return images;
        }

        var pixels = images.Images.ToArray();
        for (var i = 0; i < images.Count; i++)
        {
            if (new SeededRandom(seed, Stream, i).NextDouble() < share)
            {
                foreach (ref var p in pixels.AsSpan(i * ImageSet.Pixels, ImageSet.Pixels))
                {
                    p = (byte)(255 - p);
                }
            }
        }

        return new ImageSet(pixels, images.Labels, images.ClassNames);
    }
}
