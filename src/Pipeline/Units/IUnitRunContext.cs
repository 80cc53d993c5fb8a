using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Units;

/// <summary>What a running unit may do besides computing: read and write artifacts, report, checkpoint.</summary>
public interface IUnitRunContext
{
    /// <summary>Torch threads this unit may use: its slots × the threads of one slot.</summary>
    int Threads { get; }

    /// <summary>The slot's device, <c>cpu</c> or <c>cuda:N</c>: every tensor of the unit is made there or moved there once.</summary>
    string Device { get; }

    byte[] ReadArtifact(ArtifactRef artifact);

    ArtifactRef WriteArtifact(string kind, byte[] content);

    /// <summary>Non-blocking; the latest report wins.</summary>
    void ReportProgress(UnitProgress progress);

    /// <summary>Counts optimiser steps for the silo's metrics; cheap enough to call every step.</summary>
    void CountSteps(int steps);

    /// <summary>Records a source-run checkpoint with its grain before training goes on.</summary>
    void Checkpoint(int epoch, ArtifactRef checkpoint);
}
