using DwpFarm.Pipeline.Units;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Storage.Artifacts;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// The context of one attempt on a slot thread. Its blocking calls wait on I/O from a
/// dedicated slot thread, never from a grain or the thread pool. <c>threads</c>: the unit's slots × the silo's
/// threads per slot.
/// </summary>
internal sealed class UnitRunContext(
    IUnitGrain grain,
    string unitId,
    long generation,
    ArtifactStore artifacts,
    int threads,
    string device,
    SlotMetrics metrics,
    AttemptLog log,
    string kind,
    TimeProvider time,
    CancellationToken cancellationToken) : IUnitRunContext
{
    public int Threads => threads;

    public string Device => device;

    public byte[] ReadArtifact(ArtifactRef artifact)
    {
        try
        {
            return artifacts.GetAsync(artifact.Sha256, cancellationToken).GetAwaiter().GetResult();
        }
        catch (ArtifactCorruptException ex)
        {
            throw new UnreadableArtifactException(artifact, $"is corrupt in the store ({ex.Detail})", ex);
        }
        catch (ArtifactNotFoundException ex)
        {
            throw new UnreadableArtifactException(artifact, "is not in the store", ex);
        }
    }

    public ArtifactRef WriteArtifact(string artifactKind, byte[] content)
    {
        var info = artifacts.PutAsync(artifactKind, content, cancellationToken).GetAwaiter().GetResult();
        return new ArtifactRef(info.Sha256, info.Kind, info.Size) { Producer = unitId };
    }

    private readonly long _started = time.GetTimestamp();
    private long _reportedSamples;
    private TimeSpan _reportedAt;

    public void ReportProgress(UnitProgress progress)
    {
        var delta = progress.Done - _reportedSamples;
        var now = time.GetElapsedTime(_started);
        metrics.AddSamples(kind, delta);

        // Runners that cannot time their own steps get the rate between two reports.
        if (progress.SamplesPerSecond <= 0 && delta > 0 && now > _reportedAt)
        {
            progress = progress with { SamplesPerSecond = delta / (now - _reportedAt).TotalSeconds };
        }

        _reportedSamples = progress.Done;
        _reportedAt = now;
        grain.ReportProgressAsync(generation, progress).Ignore();
        log.Progress(progress.Message);
    }

    public void CountSteps(int steps) => metrics.AddSteps(kind, steps);

    public void Checkpoint(int epoch, ArtifactRef checkpoint) =>
        ((ISourceRunGrain)grain).CheckpointAsync(generation, epoch, checkpoint).GetAwaiter().GetResult();
}
