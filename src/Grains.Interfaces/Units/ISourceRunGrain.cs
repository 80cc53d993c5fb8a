using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>One source-CNN training run. Keyed <c>{sweep}/source/{index}</c>.</summary>
[Alias("dwp.ISourceRunGrain")]
public interface ISourceRunGrain : IUnitGrain
{
    /// <summary>Creates the run and queues it; calling again with the same arguments changes nothing.</summary>
    [Alias("Start")]
    Task StartAsync(string sweepId, int index, SourceSpec spec, ResourcesSpec resources);

    /// <summary>Records the checkpoint after <paramref name="epoch"/> epochs, so a moved run resumes from it.</summary>
    [Alias("Checkpoint")]
    Task CheckpointAsync(long generation, int epoch, ArtifactRef checkpoint);
}
