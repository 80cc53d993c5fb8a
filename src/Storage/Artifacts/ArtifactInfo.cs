namespace DwpFarm.Storage.Artifacts;

/// <summary>What the store knows of one artifact without loading it.</summary>
public sealed record ArtifactInfo(string Sha256, string Kind, long Size);
