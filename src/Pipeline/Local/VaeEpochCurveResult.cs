namespace DwpFarm.Pipeline.Local;

/// <summary>A <see cref="VaeEpochCurve"/>: the run that built the banks (its artifacts hold them and every fitted VAE) and one point per front and length.</summary>
public sealed record VaeEpochCurveResult(LocalSweepResult Banks, IReadOnlyList<VaeEpochPoint> Points);
