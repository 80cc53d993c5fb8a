using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Caps oneDNN (libtorch's float32 CPU convolutions) and MKL (its BLAS) at their AVX2 kernels. Measured with libtorch
/// 2.10 on an AMD EPYC of family 26 (AVX-512): oneDNN's AVX-512 convolution backward-data kernel returns a wrong input
/// gradient (at FConvMnist's conv2 shapes, off by up to 3.1 where float64's largest value is 4.17), the same wrong one
/// every call on 1 thread and a different one, at times NaN, on 2; capped at AVX2 it agrees with float64 to 1e-6 on
/// both. With only that cap the kernel VAEs still turned NaN at their first step on 2 threads, and not with MKL capped
/// too or on 1 thread. Both libraries read their cap once, at first use, from libc's environment; a cap the user set
/// is kept.
/// </summary>
internal static partial class CpuKernelIsa
{
    // oneDNN reads ONEDNN_MAX_CPU_ISA, then its older name DNNL_MAX_CPU_ISA.
    private static readonly string[] OneDnn = ["ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"];

    private const string Mkl = "MKL_ENABLE_INSTRUCTIONS";

    // A module initializer runs before any code of the ML core, so before its first convolution, whatever the entry point.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Must precede the ML core's first torch kernel from any entry point.")]
    internal static void CapAtAvx2()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return;
        }

        // On Unix .NET keeps its own copy of the environment; libtorch reads libc's. overwrite: 0 keeps the user's.
        if (OneDnn.All(name => Environment.GetEnvironmentVariable(name) is null))
        {
            _ = SetEnv(OneDnn[1], "AVX2", overwrite: 0);
        }

        _ = SetEnv(Mkl, "AVX2", overwrite: 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
