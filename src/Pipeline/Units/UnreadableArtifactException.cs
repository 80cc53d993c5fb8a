using DwpFarm.Grains.Interfaces;

namespace DwpFarm.Pipeline.Units;

/// <summary>
/// An input artifact is corrupt or missing in the store. Another attempt would read the same bytes, so the unit
/// fails for good, naming the artifact and the unit that wrote it; <c>sweep retry</c> re-runs that unit, and its
/// write repairs the row.
/// </summary>
public sealed class UnreadableArtifactException(ArtifactRef artifact, string problem, Exception? inner = null)
    : Exception(
        $"input {artifact.Kind} artifact {artifact.Sha256}, written by {artifact.Producer ?? "an unknown unit"}, {problem}; `dwpfarm sweep retry` re-runs {artifact.Producer ?? "its producer"} to rewrite it",
        inner)
{
    public ArtifactRef Artifact { get; } = artifact;
}
