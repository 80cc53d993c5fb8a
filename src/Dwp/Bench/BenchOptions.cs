using DwpFarm.Dwp.Models;

namespace DwpFarm.Dwp.Bench;

/// <summary>What the benchmark measures and for how long.</summary>
public sealed record BenchOptions
{
    /// <summary>Cores to use: the "all threads" layout uses this many threads, the sliced layout this many slots.</summary>
    public int Cores { get; init; } = Environment.ProcessorCount;

    public IReadOnlyList<FConvWidths> Nets { get; init; } = [FConvWidths.Target, FConvWidths.Source];

    /// <summary>
    /// The net of the rows whose two arms each run in a fresh process (with and without <see cref="Torch.NativeHeap"/>'s
    /// reuse; with and without <see cref="Torch.CpuKernelIsa"/>'s caps): the lab's source width.
    /// </summary>
    public FConvWidths ArmNet { get; init; } = new(128, 64);

    /// <summary>The source nets of a front whose per-core training rate is measured: the lab's width and the paper's.</summary>
    public IReadOnlyList<FConvWidths> FrontNets { get; init; } = [new(128, 64), FConvWidths.Source];

    /// <summary>Training batch size of the FConvMnist measurements.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Side of the square float32 matmul that sets the reference rate.</summary>
    public int MatmulSize { get; init; } = 2048;

    /// <summary>Wall time of each timed measurement, after its warm-up.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(4);
}
