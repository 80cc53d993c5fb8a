using DwpFarm.Dwp.Common;

namespace DwpFarm.Dwp.Training;

/// <summary>A finished source run: every epoch and the final checkpoint (weights + optimizer state).</summary>
public sealed record SourceRunResult(IReadOnlyList<SourceEpochReport> Epochs, byte[] Checkpoint)
{
    public string CheckpointSha256 => SealedBytes.ContentHash(Checkpoint);

    public double FinalTestAccuracy => Epochs.Count == 0 ? 0 : Epochs[^1].TestAccuracy;
}
