using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SkiaSharp;

namespace DwpFarm.Data;

/// <summary>
/// Finds outline font files on disk and loads their faces directly with Skia, in path order, so
/// the font set (and the data made from it) does not depend on fontconfig's ordering.
/// </summary>
public static class FontCatalog
{
    /// <summary>Outline formats FreeType reads; bitmap fonts (.pcf, .bdf) have no outlines to render.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".ttf", ".otf", ".ttc", ".otc", ".pfb", ".pfa", ".t1"];

    /// <summary>The system and per-user font folders of a Linux machine.</summary>
    public static IReadOnlyList<string> DefaultFolders
    {
        get
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return ["/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(home, ".local", "share", "fonts"), Path.Combine(home, ".fonts")];
        }
    }

    /// <summary>
    /// Font files under the folders (recursively, missing folders skipped), sorted by path (ordinal).
    /// A link to a file already found is dropped, so a font reached twice counts once.
    /// </summary>
    public static IReadOnlyList<FontFile> Find(IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        var paths = folders
            .Select(Path.GetFullPath)
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", options))
            .Where(path => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        var seenTargets = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<FontFile>();
        foreach (var path in paths)
        {
            var info = new FileInfo(path);
            var target = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
            if (target.Exists && seenTargets.Add(target.FullName))
            {
                files.Add(new FontFile(path, target.Length));
            }
        }

        return files;
    }

    /// <summary>SHA-256 over the sorted paths and sizes: changes whenever a font is added, removed or replaced.</summary>
    public static string Fingerprint(IEnumerable<FontFile> files)
    {
        var text = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append(file.Path).Append('\t').Append(file.Size).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Every face of the file that Skia can load; none if the file is not a font it reads.</summary>
    internal static IEnumerable<FontFace> LoadFaces(FontFile file)
    {
        var count = FaceCount(file.Path);
        for (var index = 0; index < count; index++)
        {
            var typeface = SKTypeface.FromFile(file.Path, index);
            if (typeface is not null)
            {
                yield return new FontFace(typeface, file.Path, index);
            }
        }
    }

    /// <summary>A TrueType/OpenType collection declares its face count in its header; any other file has one face.</summary>
    private static int FaceCount(string path)
    {
        Span<byte> header = stackalloc byte[12];
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header[..4].SequenceEqual("ttcf"u8))
            {
                return 1;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        // Bounded so a corrupt header cannot make us try millions of faces.
        return (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(header[8..]), 256);
    }
}
