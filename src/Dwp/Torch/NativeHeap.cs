using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Makes glibc keep freed native memory for the next allocation instead of handing it back to the kernel. libtorch's CPU
/// allocator takes every activation and gradient from malloc afresh each step, and glibc serves a block over its mmap
/// threshold (32 MiB at most; FConvMnist 128×64's conv1 output at batch 256 is 52 MB) with a new mapping whose every
/// page the kernel faults in and zeroes on first touch, then unmaps it on free. On the development VM that made conv1
/// run at 2 GFLOP/s and max-pool move 0.6 GB/s. With mappings off and trimming out of reach, measured on one slot
/// thread beside other load: 128×64 source training 3.4× faster (213 → 715 samples/s), the 5×5 kernel VAE 5× (305 →
/// 1,567 kernels/s). The price is that a process keeps its peak native memory. Results do not change: only where the
/// memory comes from does. A user's <c>GLIBC_TUNABLES</c> that names a malloc setting wins, and so does
/// <c>DWPFARM_HEAP_REUSE=0</c>.
/// </summary>
public static partial class NativeHeap
{
    public const string OptOutVariable = "DWPFARM_HEAP_REUSE";

    // mallopt's parameters (malloc.h).
    private const int TrimThreshold = -1;
    private const int MmapMax = -4;

    /// <summary>Whether freed native memory is kept for reuse in this process.</summary>
    public static bool Reusing { get; private set; }

    /// <summary>Why it is or is not, in one line for logs and the benchmark.</summary>
    public static string Reason { get; private set; } = "not set";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Must precede the ML core's first torch allocation from any entry point.")]
    internal static void Configure()
    {
        var (reuse, reason) = Decide(OperatingSystem.IsLinux(), Environment.GetEnvironmentVariable("GLIBC_TUNABLES"), Environment.GetEnvironmentVariable(OptOutVariable));
        Reason = reason;
        if (reuse)
        {
            TurnOn();
        }
    }

    /// <summary>Whether to turn reuse on, and why; pure, so that every branch is tested.</summary>
    public static (bool Reuse, string Reason) Decide(bool linux, string? glibcTunables, string? optOut)
    {
        if (!linux)
        {
            return (false, "not Linux: the platform's allocator is left as it is");
        }

        if (optOut is "0" or "false")
        {
            return (false, $"{OptOutVariable}={optOut}: glibc's defaults");
        }

        return glibcTunables?.Contains("glibc.malloc.", StringComparison.Ordinal) == true
            ? (false, $"GLIBC_TUNABLES sets malloc ({glibcTunables}): the user's settings")
            : (true, "freed native memory kept for reuse (no mmap per block, no trimming)");
    }

    /// <summary>
    /// Turns reuse on. Leaves <see cref="Reusing"/> false where there is no glibc mallopt (musl answers 0). There is no
    /// way back within a process: once mallopt has been called, glibc no longer raises its mmap threshold as blocks are
    /// freed, so the benchmark measures glibc's defaults in a fresh process.
    /// </summary>
    private static void TurnOn()
    {
        try
        {
            // `&`, not `&&`: both settings are applied even when the first is refused.
            Reusing = MallOpt(MmapMax, 0) == 1 & MallOpt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            Reason = $"no mallopt in this C library ({ex.GetType().Name})";
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
