using DwpFarm.Dwp;
using DwpFarm.Dwp.Images;
using System.Buffers.Binary;
using System.IO.Compression;

namespace DwpFarm.Data;

/// <summary>
/// Reads IDX image and label files, raw or gzipped (told apart by the gzip magic bytes, not the name).
/// Every defect becomes a <see cref="DwpException"/> that names the file and what is wrong with it.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads a matching pair of image and label files into one set.</summary>
    public static ImageSet Read(string imagesPath, string labelsPath, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var images = ReadImages(imagesPath, out var count);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
        {
            throw new DwpException($"{labelsPath}: holds {labels.Length} labels but {imagesPath} holds {count} images");
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classNames.Count)
            {
                throw new DwpException($"{labelsPath}: label {labels[i]} at index {i} is outside 0..{classNames.Count - 1}");
            }
        }

        return new ImageSet(images, labels, classNames);
    }

    /// <summary>The pixels of a 28×28 IDX image file, one image after another.</summary>
    public static byte[] ReadImages(string path, out int count)
    {
        using var stream = Open(path);
        var header = ReadHeader(stream, path, IdxFormat.ImagesMagic, 3, "images");
        count = header[0];
        if (header[1] != ImageSet.Side || header[2] != ImageSet.Side)
        {
            throw new DwpException($"{path}: images are {header[1]}×{header[2]}, expected {ImageSet.Side}×{ImageSet.Side}");
        }

        if (count > IdxFormat.MaxImages)
        {
            throw new DwpException($"{path}: claims {count} images, more than the {IdxFormat.MaxImages} this reader supports");
        }

        return ReadBody(stream, path, count * ImageSet.Pixels, "pixel");
    }

    /// <summary>The image count of a 28×28 IDX image file, read from its header only.</summary>
    public static int ReadImageCount(string path)
    {
        using var stream = Open(path);
        return ReadHeader(stream, path, IdxFormat.ImagesMagic, 3, "images")[0];
    }

    /// <summary>The labels of an IDX label file.</summary>
    public static byte[] ReadLabels(string path)
    {
        using var stream = Open(path);
        var header = ReadHeader(stream, path, IdxFormat.LabelsMagic, 1, "labels");
        return ReadBody(stream, path, header[0], "label");
    }

    private static Stream Open(string path)
    {
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DwpException($"{path}: cannot open: {ex.Message}", ex);
        }

        Span<byte> magic = stackalloc byte[2];
        var isGzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        return isGzip ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static int[] ReadHeader(Stream stream, string path, int expectedMagic, int dimensions, string kind)
    {
        var header = new byte[4 * (1 + dimensions)];
        var read = ReadFully(stream, path, header);
        if (read < 4)
        {
            throw new DwpException($"{path}: truncated: {read} bytes, too short for an IDX header");
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expectedMagic)
        {
            throw new DwpException($"{path}: wrong magic 0x{magic:x8}, expected 0x{expectedMagic:x8} (IDX {kind})");
        }

        if (read < header.Length)
        {
            throw new DwpException($"{path}: truncated: the header ends after {read} of {header.Length} bytes");
        }

        var dims = new int[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * (d + 1)));
            if (dims[d] < 0)
            {
                throw new DwpException($"{path}: dimension {d} is negative ({dims[d]})");
            }
        }

        return dims;
    }

    private static byte[] ReadBody(Stream stream, string path, int length, string kind)
    {
        var body = new byte[length];
        var read = ReadFully(stream, path, body);
        if (read < length)
        {
            throw new DwpException($"{path}: truncated: {read} of {length} {kind} bytes");
        }

        if (ReadFully(stream, path, new byte[1]) != 0)
        {
            throw new DwpException($"{path}: has bytes after the {length} {kind} bytes its header declares");
        }

        return body;
    }

    /// <summary>Reads until the buffer is full or the stream ends; returns how much was read.</summary>
    private static int ReadFully(Stream stream, string path, byte[] buffer)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException ex)
        {
            throw new DwpException($"{path}: corrupt gzip data: {ex.Message}", ex);
        }
    }
}
