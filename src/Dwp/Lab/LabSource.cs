namespace DwpFarm.Dwp.Lab;

/// <summary>One source net: its seed, final letters test accuracy and checkpoint hash.</summary>
public sealed record LabSource(long Seed, double TestAccuracy, double SamplesPerSecond, string CheckpointSha256);
