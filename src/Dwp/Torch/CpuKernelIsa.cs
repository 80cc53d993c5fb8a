using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Caps oneDNN (libtorch's float32 CPU convolutions) at its AVX kernels, and MKL (its BLAS) and ATen's own kernels at
/// AVX2. Measured with libtorch 2.10 on an AMD EPYC of family 26 (AVX-512): oneDNN's AVX-512 convolution backward-data
/// kernel returns a wrong input gradient (at FConvMnist's conv2 shapes, off by up to 3.1 where float64's largest value
/// is 4.17), the same wrong one every call on 1 thread and a different one, at times NaN, on 2; capped at AVX2 it
/// agrees with float64 to 1e-6 on both. Capped at AVX2 the kernel VAEs and the DWP's KL still turned NaN now and then
/// (3 of 4 runs of their tests); capped at AVX, none did in 3 runs with the concurrency stress test. The libraries read
/// their caps once, at first use, from libc's environment; a cap the user set is kept.
/// </summary>
internal static partial class CpuKernelIsa
{
    // oneDNN reads ONEDNN_MAX_CPU_ISA, then its older name DNNL_MAX_CPU_ISA.
    private static readonly string[] OneDnn = ["ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"];

    private const string Mkl = "MKL_ENABLE_INSTRUCTIONS";

    // ATen's own vectorised kernels (activations, reductions, the optimiser's arithmetic).
    private const string Aten = "ATEN_CPU_CAPABILITY";

    // A module initializer runs before any code of the ML core, so before its first convolution, whatever the entry point.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Must precede the ML core's first torch kernel from any entry point.")]
    internal static void CapKernels()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return;
        }

        // On Unix .NET keeps its own copy of the environment; libtorch reads libc's. overwrite: 0 keeps the user's.
        if (OneDnn.All(name => Environment.GetEnvironmentVariable(name) is null))
        {
            _ = SetEnv(OneDnn[1], "AVX", overwrite: 0);
        }

        _ = SetEnv(Mkl, "AVX2", overwrite: 0);
        _ = SetEnv(Aten, "avx2", overwrite: 0);
    }

    /// <summary>The caps a user set (the defaults above otherwise), as they decide which kernels compute.</summary>
    public static string Caps => string.Join(",", OneDnn.Append(Mkl).Append(Aten).Select(name => $"{name}={Environment.GetEnvironmentVariable(name)}"));

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
