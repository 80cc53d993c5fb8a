using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// On AMD processors, caps oneDNN (libtorch's float32 CPU convolutions) at its AVX kernels, and MKL (its BLAS) and
/// ATen's own kernels at AVX2. Measured with libtorch 2.10 on an AMD EPYC of family 26 (AVX-512): oneDNN's AVX-512
/// convolution backward-data kernel returns a wrong input gradient (at FConvMnist's conv2 shapes, off by up to 3.1
/// where float64's largest value is 4.17), the same wrong one every call on 1 thread and a different one, at times NaN,
/// on 2; capped at AVX2 it agrees with float64 to 1e-6 on both. Capped at AVX2 the kernel VAEs and the DWP's KL still
/// turned NaN now and then (3 of 4 runs of their tests); capped at AVX, none did in 3 runs with the concurrency stress
/// test. On an AVX-512 Intel Xeon (avx512_bf16, avx512_fp16) the same checks pass uncapped, and training runs about
/// twice as fast, so Intel processors keep every kernel. A processor whose vendor cannot be read is capped, and
/// <see cref="Variable"/> = 1 or 0 caps or frees any processor. The libraries read their caps once, at first use, from
/// libc's environment; a cap the user set is kept.
/// </summary>
public static partial class CpuKernelIsa
{
    // oneDNN reads ONEDNN_MAX_CPU_ISA, then its older name DNNL_MAX_CPU_ISA.
    private static readonly string[] OneDnn = ["ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"];

    private const string Mkl = "MKL_ENABLE_INSTRUCTIONS";

    // ATen's own vectorised kernels (activations, reductions, the optimiser's arithmetic).
    private const string Aten = "ATEN_CPU_CAPABILITY";

    /// <summary>Every variable that decides which kernels the libraries run, whoever set it.</summary>
    public static IReadOnlyList<string> Variables { get; } = [.. OneDnn, Mkl, Aten];

    /// <summary>1 or true: cap whatever the processor; 0 or false: keep every kernel; unset: by the vendor.</summary>
    public const string Variable = "DWPFARM_KERNEL_CAPS";

    // A module initializer runs before any code of the ML core, so before its first convolution, whatever the entry point.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Must precede the ML core's first torch kernel from any entry point.")]
    internal static void CapKernels()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            Reason = "not Linux on x64: the libraries' own kernels";
            return;
        }

        (Applied, Reason) = Decide(Vendor(), Environment.GetEnvironmentVariable(Variable));
        if (!Applied)
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

    /// <summary>Whether this process set the caps (a cap the user set still wins over each).</summary>
    public static bool Applied { get; private set; }

    /// <summary>Why <see cref="Applied"/> is what it is, for logs and errors.</summary>
    public static string Reason { get; private set; } = "not decided";

    /// <summary>
    /// Whether a processor of <paramref name="vendor"/> (cpuinfo's <c>vendor_id</c>, null if unread) gets the caps under
    /// <paramref name="setting"/> (<see cref="Variable"/>'s value), and why; pure, so that every branch is tested.
    /// </summary>
    public static (bool Cap, string Reason) Decide(string? vendor, string? setting) => setting switch
    {
        "1" or "true" => (true, $"{Variable}={setting}: capped"),
        "0" or "false" => (false, $"{Variable}={setting}: every kernel"),
        _ when vendor == "GenuineIntel" => (false, "an Intel processor: every kernel"),
        _ => (true, $"{(vendor is null ? "a processor of unknown vendor" : $"a processor of {vendor}")}: oneDNN capped at AVX, MKL and ATen at AVX2"),
    };

    /// <summary>The first <c>vendor_id</c> of <paramref name="cpuinfo"/> (the text of /proc/cpuinfo), or null.</summary>
    internal static string? VendorOf(string cpuinfo) =>
        cpuinfo.Split('\n').Select(line => line.Split(':', 2)).FirstOrDefault(kv => kv.Length == 2 && kv[0].Trim() == "vendor_id")?[1].Trim();

    private static string? Vendor()
    {
        try
        {
            return VendorOf(File.ReadAllText("/proc/cpuinfo"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The caps in force (the user's, ours above, or none), as they decide which kernels compute.</summary>
    /// <remarks>Read from libc's environment, which the libraries read and ours were written to; .NET's copy never sees them.</remarks>
    public static string Caps => string.Join(",", Variables.Select(name => $"{name}={LibcVariable(name)}"));

    internal static string? LibcVariable(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SetEnv(string name, string value, int overwrite);

    // libc owns the returned string: it must not be freed, so it comes back as a pointer.
    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);
}
