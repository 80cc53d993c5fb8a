using DwpFarm.Dwp.Images;
using System.Buffers.Binary;
using System.IO.Compression;

namespace DwpFarm.Data;

/// <summary>Writes IDX image and label files, raw or gzipped.</summary>
/// <remarks>It writes in place; callers that need all-or-nothing write into a temporary folder (<see cref="AtomicFolder"/>).</remarks>
public static class IdxWriter
{
    /// <summary>Writes the set as a matching pair of image and label files.</summary>
    public static void Write(ImageSet set, string imagesPath, string labelsPath, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(set);
        WriteImages(imagesPath, set.Images, set.Count, gzip);
        WriteLabels(labelsPath, set.Labels, gzip);
    }

    public static void WriteImages(string path, ReadOnlySpan<byte> pixels, int count, bool gzip = false)
    {
        if (pixels.Length != count * ImageSet.Pixels)
        {
            throw new ArgumentException($"{pixels.Length} pixel bytes do not make {count} images of {ImageSet.Pixels}", nameof(pixels));
        }

        Write(path, IdxFormat.ImagesMagic, [count, ImageSet.Side, ImageSet.Side], pixels, gzip);
    }

    public static void WriteLabels(string path, ReadOnlySpan<byte> labels, bool gzip = false) =>
        Write(path, IdxFormat.LabelsMagic, [labels.Length], labels, gzip);

    private static void Write(string path, int magic, ReadOnlySpan<int> dims, ReadOnlySpan<byte> body, bool gzip)
    {
        Span<byte> header = stackalloc byte[4 * (1 + dims.Length)];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (var d = 0; d < dims.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header[(4 * (d + 1))..], dims[d]);
        }

        using var file = File.Create(path);
        using var stream = gzip ? new GZipStream(file, CompressionLevel.Optimal) : (Stream)file;
        stream.Write(header);
        stream.Write(body);
    }
}
