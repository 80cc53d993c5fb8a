namespace DwpFarm.Data;

/// <summary>The <c>manifest.json</c> of a cached generated letters set.</summary>
internal sealed record LettersManifest(
    int Version,
    string Origin,
    int Seed,
    int ImagesPerClass,
    int Images,
    string Sha256,
    string FontSetFingerprint,
    IReadOnlyList<string> FontFolders,
    IReadOnlyList<string> Fonts,
    FontDrops Dropped)
{
    /// <summary>Bump when rendering or the cached layout changes, so old caches are rebuilt.</summary>
    public const int CurrentVersion = 1;
}
