using DwpFarm.Dwp.Training;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Units;

/// <summary>Where a source run starts: its latest checkpoint that reads back intact, an earlier one, or scratch.</summary>
public static class SourceResume
{
    /// <summary>
    /// The checkpoint bytes to resume from and the epochs they hold. A corrupt or missing checkpoint falls back
    /// to the one before it (the run trains the lost epochs again and, being deterministic, rewrites the same
    /// bytes, which repairs the row); a checkpoint of an earlier build starts the run over, with the same result.
    /// </summary>
    public static (byte[]? Checkpoint, int Epochs) Choose(SourceRunWork work, Func<ArtifactRef, byte[]> read)
    {
        foreach (var (epoch, checkpoint) in Candidates(work))
        {
            byte[] bytes;
            try
            {
                bytes = read(checkpoint);
            }
            catch (UnreadableArtifactException)
            {
                continue;
            }

            return SourceCheckpoint.IsEarlierFormat(bytes) ? (null, 0) : (bytes, epoch);
        }

        return (null, 0);
    }

    /// <summary>Latest first. State from before the checkpoint list knows only the latest.</summary>
    private static IEnumerable<(int Epoch, ArtifactRef Checkpoint)> Candidates(SourceRunWork work)
    {
        if (work.Checkpoints.Count == work.CompletedEpochs)
        {
            return work.Checkpoints.Select((c, i) => (i + 1, c)).Reverse();
        }

        return work.Checkpoint is { } latest ? [(work.CompletedEpochs, latest)] : [];
    }
}
