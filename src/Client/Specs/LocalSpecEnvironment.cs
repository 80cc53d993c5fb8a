using System.Buffers.Binary;
using System.IO.Compression;
using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Client.Specs;

/// <summary>Checks a spec's data references against this machine (the embedded farm's silo is this machine).</summary>
public sealed class LocalSpecEnvironment : ISpecEnvironment
{
    /// <summary>The npm digits split 8,000 / 2,000.</summary>
    public const int NpmTrainPool = 8000;

    private static readonly string[] FontExtensions = [".ttf", ".otf", ".ttc"];

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public int CountFonts(IReadOnlyList<string> folders)
    {
        var roots = folders.Count > 0 ? folders : DefaultFontFolders();
        return roots.Where(Directory.Exists)
            .SelectMany(r => Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories))
            .Count(f => FontExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase));
    }

    public int MnistTrainPool(string? folder)
    {
        if (folder is null)
        {
            return NpmTrainPool;
        }

        foreach (var name in new[] { "train-images-idx3-ubyte", "train-images.idx3-ubyte", "train-images-idx3-ubyte.gz" })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return ReadImageCount(path);
            }
        }

        return 0;
    }

    private static IReadOnlyList<string> DefaultFontFolders()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return ["/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(home, ".local/share/fonts"), Path.Combine(home, ".fonts")];
    }

    private static int ReadImageCount(string path)
    {
        using var file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        Span<byte> header = stackalloc byte[8];
        stream.ReadExactly(header);
        return BinaryPrimitives.ReadInt32BigEndian(header) == 0x00000803 ? BinaryPrimitives.ReadInt32BigEndian(header[4..]) : 0;
    }
}
