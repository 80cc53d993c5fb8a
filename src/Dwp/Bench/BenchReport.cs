namespace DwpFarm.Dwp.Bench;

/// <summary>The benchmark's figures, and how the torch thread count behaved per thread on this machine.</summary>
public sealed record BenchReport(
    double MatmulGflops,
    IReadOnlyList<BenchRun> Runs,
    double VaeKernelsPerSecond,
    int Cores,
    bool ThreadCountIsPerThread,
    string TorchVersion,
    BenchHeapReuse? HeapReuse = null,
    IReadOnlyList<BenchFront>? Front = null,
    double? VaeKernelsPerSecondOneThread = null,
    BenchKernelCaps? KernelCaps = null);
