namespace DwpFarm.Dwp.Bench;

/// <summary>A measurement made in another process could not be made (it failed, or its allocator was not the one asked for).</summary>
public sealed class BenchArmException(string message) : Exception(message);
