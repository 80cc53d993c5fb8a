namespace DwpFarm.Storage.Artifacts;

/// <summary>A reference names an artifact the store does not hold.</summary>
public sealed class ArtifactNotFoundException(string sha256)
    : Exception($"artifact {sha256} is not in the store")
{
    public string Sha256 { get; } = sha256;
}
