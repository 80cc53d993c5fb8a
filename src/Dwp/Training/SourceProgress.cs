namespace DwpFarm.Dwp.Training;

/// <summary>What a source run reports at each epoch end: the epoch and a checkpoint to resume from.</summary>
public sealed record SourceProgress(SourceEpochReport Report, byte[] Checkpoint);
