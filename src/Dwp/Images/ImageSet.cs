using System.Security.Cryptography;

namespace DwpFarm.Dwp.Images;

/// <summary>
/// A labelled set of 28×28 grey images, stored as bytes (0 = background, 255 = ink),
/// row-major, one image after another. Both MNIST and the letters use this form.
/// </summary>
public sealed class ImageSet
{
    public const int Side = 28;
    public const int Pixels = Side * Side;

    public ImageSet(byte[] images, byte[] labels, IReadOnlyList<string> classNames)
    {
        if (images.Length != labels.Length * Pixels)
        {
            throw new ArgumentException($"images hold {images.Length} bytes, expected {labels.Length} × {Pixels}", nameof(images));
        }

        Images = images;
        Labels = labels;
        ClassNames = classNames;
    }

    public byte[] Images { get; }

    public byte[] Labels { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public int Count => Labels.Length;

    public ReadOnlySpan<byte> Image(int index) => Images.AsSpan(index * Pixels, Pixels);

    /// <summary>The images at the given indices, in that order.</summary>
    public ImageSet Subset(IReadOnlyList<int> indices)
    {
        var images = new byte[indices.Count * Pixels];
        var labels = new byte[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Image(indices[i]).CopyTo(images.AsSpan(i * Pixels, Pixels));
            labels[i] = Labels[indices[i]];
        }

        return new ImageSet(images, labels, ClassNames);
    }

    /// <summary>Number of images per class label.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassNames.Count];
        foreach (var label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>SHA-256 over the labels then the pixels: the data fingerprint recorded with results.</summary>
    public string Sha256() => CombinedSha256(this);

    /// <summary>
    /// SHA-256 over each set's labels then pixels, in the order given: the fingerprint of a
    /// train/test pair. For one set it equals <see cref="Sha256()"/>.
    /// </summary>
    public static string CombinedSha256(params ReadOnlySpan<ImageSet> sets)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var set in sets)
        {
            hash.AppendData(set.Labels);
            hash.AppendData(set.Images);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Up to <paramref name="perClass"/> indices per class, spread evenly over each class's images
    /// so that a preview shows the variety of the set rather than its first few members.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>> SamplePerClass(int perClass)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perClass);
        var members = new List<int>[ClassNames.Count];
        for (var c = 0; c < members.Length; c++)
        {
            members[c] = [];
        }

        for (var i = 0; i < Count; i++)
        {
            members[Labels[i]].Add(i);
        }

        return members
            .Select(list => (IReadOnlyList<int>)Enumerable.Range(0, Math.Min(perClass, list.Count))
                .Select(k => list[(int)((long)k * list.Count / Math.Min(perClass, list.Count))])
                .ToArray())
            .ToArray();
    }
}
