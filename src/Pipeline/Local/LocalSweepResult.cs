using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Pipeline.Local;

/// <summary>An in-process run of a plan: the same report a farm sweep gives, its artifacts, and the wall time of each phase.</summary>
public sealed record LocalSweepResult(SweepReport Report, MemoryArtifacts Artifacts, IReadOnlyDictionary<string, double> StageSeconds);
