namespace DwpFarm.Dwp.Bench;

/// <summary>
/// A front's source training rate: <paramref name="Nets"/> nets of <paramref name="Net"/> per model (1: each net its own
/// model, one per slot of one thread, every core busy), in training samples per second per core.
/// </summary>
/// <remarks>
/// K nets batched as one grouped model (K × conv1 as one convolution over the shared input, conv2 and the heads grouped)
/// measured 0.30–1.15× the rate of one net at 128×64 for K = 4 and 8 (docs/results.md, "Native memory"), so the farm
/// trains one net per model and only K = 1 is measured.
/// </remarks>
public sealed record BenchFront(string Net, int Nets, double SamplesPerSecondPerCore)
{
    /// <summary>Passes of one net over <paramref name="imagesPerEpoch"/> training images, per core-hour.</summary>
    public double NetEpochsPerCoreHour(int imagesPerEpoch) => SamplesPerSecondPerCore * 3600 / imagesPerEpoch;
}
