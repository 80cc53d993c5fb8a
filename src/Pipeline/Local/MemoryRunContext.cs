using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Pipeline.Local;

/// <summary>
/// A unit's context in an in-process run: artifacts in memory; progress and epoch checkpoints go to the given callbacks
/// (the lab's throttled progress lines, and its source cache, from which a stopped run resumes).
/// </summary>
internal sealed class MemoryRunContext(MemoryArtifacts artifacts, int threads, Action<UnitProgress>? progress = null, Action<int, ArtifactRef>? checkpoint = null) : IUnitRunContext
{
    public int Threads => threads;

    public string Device => "cpu";

    public byte[] ReadArtifact(ArtifactRef artifact) => artifacts.Read(artifact);

    public ArtifactRef WriteArtifact(string kind, byte[] content) => artifacts.Put(kind, content);

    public void ReportProgress(UnitProgress report) => progress?.Invoke(report);

    public void CountSteps(int steps)
    {
    }

    public void Checkpoint(int epoch, ArtifactRef artifact) => checkpoint?.Invoke(epoch, artifact);
}
