namespace DwpFarm.Dwp.Bench;

/// <summary>
/// One net's training rate on one slot thread with glibc's default allocation and with <see cref="Torch.NativeHeap"/>'s
/// reuse, measured one after the other in the same process.
/// </summary>
public sealed record BenchHeapReuse(string Net, double DefaultSamplesPerSecond, double ReuseSamplesPerSecond)
{
    public double Ratio => ReuseSamplesPerSecond / DefaultSamplesPerSecond;
}
