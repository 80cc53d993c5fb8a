using System.Security.Cryptography;
using System.Text;

namespace DwpFarm.Dwp.Common;

/// <summary>
/// The envelope of every persisted ML artifact (checkpoint, kernel bank, VAE weights):
/// an 8-byte ASCII magic, the payload, then the SHA-256 of magic and payload.
/// A truncated, altered or foreign byte array fails <see cref="Open"/> with a <see cref="DwpException"/>
/// before any of it is parsed, so corrupt bytes never reach TorchSharp.
/// </summary>
public static class SealedBytes
{
    private const int MagicLength = 8;
    private const int HashLength = 32;

    /// <summary>Writes magic, the payload produced by <paramref name="write"/>, and the hash.</summary>
    public static byte[] Seal(string magic, Action<BinaryWriter> write)
    {
        var magicBytes = MagicBytes(magic);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(magicBytes);
            write(writer);
        }

        var hash = SHA256.HashData(stream.GetBuffer().AsSpan(0, (int)stream.Length));
        stream.Write(hash);
        return stream.ToArray();
    }

    /// <summary>The hex SHA-256 that seals <paramref name="bytes"/>: the artifact's content hash.</summary>
    public static string ContentHash(byte[] bytes)
        => bytes.Length < HashLength ? "" : Convert.ToHexStringLower(bytes.AsSpan(bytes.Length - HashLength));

    /// <summary>
    /// Checks magic and hash, then runs <paramref name="read"/> over the payload. Any failure inside
    /// <paramref name="read"/> (short data, bad values) also becomes a <see cref="DwpException"/>.
    /// </summary>
    public static T Open<T>(byte[] bytes, string magic, string what, Func<BinaryReader, T> read)
    {
        var magicBytes = MagicBytes(magic);
        if (bytes is null || bytes.Length < MagicLength + HashLength)
        {
            throw new DwpException($"{what}: {bytes?.Length ?? 0} bytes is too short to be a {what}");
        }

        if (!bytes.AsSpan(0, MagicLength).SequenceEqual(magicBytes))
        {
            throw new DwpException($"{what}: not a {what} (expected the header '{magic}')");
        }

        var body = bytes.AsSpan(0, bytes.Length - HashLength);
        var expected = SHA256.HashData(body);
        if (!bytes.AsSpan(bytes.Length - HashLength).SequenceEqual(expected))
        {
            throw new DwpException($"{what}: the bytes are corrupt (SHA-256 mismatch)");
        }

        using var stream = new MemoryStream(bytes, MagicLength, bytes.Length - HashLength - MagicLength, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var value = read(reader);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"{stream.Length - stream.Position} unread bytes");
            }

            return value;
        }
        catch (Exception ex) when (ex is not DwpException and not OperationCanceledException)
        {
            throw new DwpException($"{what}: unreadable content ({ex.Message})", ex);
        }
    }

    private static byte[] MagicBytes(string magic)
    {
        var bytes = Encoding.ASCII.GetBytes(magic);
        if (bytes.Length != MagicLength)
        {
            throw new ArgumentException($"magic must be {MagicLength} ASCII characters", nameof(magic));
        }

        return bytes;
    }
}
