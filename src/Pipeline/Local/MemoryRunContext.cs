using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Pipeline.Local;

/// <summary>A unit's context in an in-process run: artifacts in memory, progress dropped (the lab logs each finished unit).</summary>
internal sealed class MemoryRunContext(MemoryArtifacts artifacts, int threads) : IUnitRunContext
{
    public int Threads => threads;

    public string Device => "cpu";

    public byte[] ReadArtifact(ArtifactRef artifact) => artifacts.Read(artifact);

    public ArtifactRef WriteArtifact(string kind, byte[] content) => artifacts.Put(kind, content);

    public void ReportProgress(UnitProgress progress)
    {
    }

    public void CountSteps(int steps)
    {
    }

    // A lab run that stops starts over; nothing resumes from its checkpoints.
    public void Checkpoint(int epoch, ArtifactRef checkpoint)
    {
    }
}
