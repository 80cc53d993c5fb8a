namespace DwpFarm.Dwp.Bench;

/// <summary>
/// One training measurement: <paramref name="Slots"/> concurrent slots of <paramref name="ThreadsPerSlot"/> torch
/// threads each, all training the same net. <paramref name="Ratio"/> = <paramref name="Gflops"/> / matmul GFLOP/s.
/// </summary>
public sealed record BenchRun(string Net, int Slots, int ThreadsPerSlot, int BatchSize, double SamplesPerSecond, double Gflops, double Ratio)
{
    /// <summary>"slots x threads", e.g. "1x2" (one slot, two threads) or "2x1".</summary>
    public string Layout => $"{Slots}x{ThreadsPerSlot}";
}
