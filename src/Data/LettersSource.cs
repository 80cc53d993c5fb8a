using DwpFarm.Dwp;
namespace DwpFarm.Data;

/// <summary>
/// Loads the letters: a notMNIST folder as it is, or else the generated set, cached as IDX under
/// <c>&lt;root&gt;/letters/</c> in a folder keyed by seed, images per class and font-set fingerprint.
/// </summary>
public static class LettersSource
{
    public const string ImagesFile = "letters-images-idx3-ubyte";
    public const string LabelsFile = "letters-labels-idx1-ubyte";

    public static IReadOnlyList<string> ClassNames { get; } = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"];

    public static LettersData Load(DataRoot root, LettersOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ImagesPerClass);
        if (options.NotMnistFolder is { } notMnist)
        {
            var folder = Path.GetFullPath(notMnist);
            log?.Invoke($"reading notMNIST PNGs in {folder}");
            var (images, skipped) = NotMnistFolderReader.Read(folder, log);
            return new LettersData(images, [], images.Sha256(), skipped, $"notmnist {folder}");
        }

        var folders = (options.FontFolders ?? FontCatalog.DefaultFolders).Select(Path.GetFullPath).ToArray();
        var files = FontCatalog.Find(folders);
        if (files.Count == 0)
        {
            throw new DwpException($"no font files ({string.Join(", ", FontCatalog.Extensions)}) under {string.Join(", ", folders)}; "
                + "install font packages (scripts/setup.sh) or pass a notMNIST folder");
        }

        var fingerprint = FontCatalog.Fingerprint(files);
        return DataCache.LoadOrBuild(
            CacheFolder(root, options.Seed, options.ImagesPerClass, fingerprint),
            cache => TryLoadCache(cache, options, fingerprint),
            () => Generate(files, folders, options, fingerprint, log),
            (cache, data) => Write(cache, data, options, fingerprint, folders),
            log);
    }

    /// <summary>The cache folder of one generated set; a changed font set gets a new folder.</summary>
    public static string CacheFolder(DataRoot root, int seed, int imagesPerClass, string fontSetFingerprint)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Path.Combine(root.Path, "letters", $"fonts-seed{seed}-n{imagesPerClass}-{fontSetFingerprint[..16]}");
    }

    private static LettersData Generate(IReadOnlyList<FontFile> files, string[] folders, LettersOptions options, string fingerprint, Action<string>? log)
    {
        log?.Invoke($"rendering {ClassNames.Count} × {options.ImagesPerClass} letters from {files.Count} font files (seed {options.Seed})");
        var made = LettersGenerator.Generate(files, options.Seed, options.ImagesPerClass, log);
        if (made.Fonts.Count == 0)
        {
            throw new DwpException($"none of the {files.Count} font files under {string.Join(", ", folders)} can render A..J "
                + $"({made.Dropped.Describe()})");
        }

        return new LettersData(made.Images, made.Fonts, made.Images.Sha256(), 0, Origin(options, made.Fonts.Count, fingerprint))
        {
            Dropped = made.Dropped,
        };
    }

    private static string Origin(LettersOptions options, int fonts, string fingerprint) =>
        $"generated from {fonts} fonts (font set {fingerprint[..16]}), seed {options.Seed}, {options.ImagesPerClass} per class";

    private static void Write(string folder, LettersData data, LettersOptions options, string fingerprint, string[] folders)
    {
        IdxWriter.Write(data.Images, Path.Combine(folder, ImagesFile), Path.Combine(folder, LabelsFile));
        DataCache.WriteManifest(folder, new LettersManifest(
            LettersManifest.CurrentVersion,
            data.Origin,
            options.Seed,
            options.ImagesPerClass,
            data.Images.Count,
            data.Sha256,
            fingerprint,
            folders,
            data.Fonts,
            data.Dropped));
    }

    private static LettersData? TryLoadCache(string folder, LettersOptions options, string fingerprint)
    {
        var manifest = DataCache.ReadManifest<LettersManifest>(folder);
        if (manifest is null
            || manifest.Version != LettersManifest.CurrentVersion
            || manifest.Seed != options.Seed
            || manifest.ImagesPerClass != options.ImagesPerClass
            || manifest.FontSetFingerprint != fingerprint)
        {
            return null;
        }

        var images = IdxReader.Read(Path.Combine(folder, ImagesFile), Path.Combine(folder, LabelsFile), ClassNames);
        var sha = images.Sha256();
        return sha == manifest.Sha256
            ? new LettersData(images, manifest.Fonts, sha, 0, manifest.Origin) { Dropped = manifest.Dropped }
            : null;
    }
}
