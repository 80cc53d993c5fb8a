namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>One source-CNN training run. Keyed <c>{sweep}/source/{index}</c>.</summary>
[Alias("dwp.ISourceRunGrain")]
public interface ISourceRunGrain : IUnitGrain
{
    /// <summary>Records the checkpoint after <paramref name="epoch"/> epochs, so a moved run resumes from it.</summary>
    [Alias("Checkpoint")]
    Task CheckpointAsync(long generation, int epoch, ArtifactRef checkpoint);
}
