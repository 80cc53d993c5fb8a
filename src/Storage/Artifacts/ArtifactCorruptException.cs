namespace DwpFarm.Storage.Artifacts;

/// <summary>
/// The stored bytes of an artifact no longer hash to its name (a flipped byte, a lost chunk). Writing the same
/// content again repairs the row; see <see cref="ArtifactStore.PutAsync"/>.
/// </summary>
public sealed class ArtifactCorruptException(string sha256, string detail)
    : Exception($"artifact {sha256} is corrupt in the store ({detail})")
{
    public string Sha256 { get; } = sha256;

    /// <summary>What is wrong with the stored bytes, e.g. <c>content hashes to …</c>.</summary>
    public string Detail { get; } = detail;
}
