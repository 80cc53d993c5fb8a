namespace DwpFarm.Data;

/// <summary>The <c>manifest.json</c> of a cached MNIST split.</summary>
internal sealed record MnistManifest(
    int Version,
    string Origin,
    string Package,
    string Integrity,
    int SplitSeed,
    int Train,
    int Test,
    string Sha256)
{
    /// <summary>Bump when the cached layout or the conversion changes, so old caches are rebuilt.</summary>
    public const int CurrentVersion = 1;
}
