namespace DwpFarm.Dwp.Bench;

/// <summary>
/// One net's training rate on one slot thread with <see cref="Torch.CpuKernelIsa"/>'s caps and with every kernel the
/// processor has, each measured in a fresh process (the libraries read their caps once, at first use).
/// </summary>
public sealed record BenchKernelCaps(string Net, double CappedSamplesPerSecond, double NativeSamplesPerSecond)
{
    public double Ratio => NativeSamplesPerSecond / CappedSamplesPerSecond;
}
