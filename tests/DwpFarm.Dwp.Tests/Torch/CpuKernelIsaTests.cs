using DwpFarm.Dwp.Bench;
using DwpFarm.Dwp.Torch;

namespace DwpFarm.Dwp.Tests.Torch;

/// <summary>
/// The kernel caps go where oneDNN's AVX-512 kernels were measured wrong (AMD) and wherever the vendor is unknown;
/// Intel processors, measured right, keep every kernel; DWPFARM_KERNEL_CAPS overrides either way.
/// </summary>
public sealed class CpuKernelIsaTests
{
    private const string Amd = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nflags\t\t: avx512f\n\nprocessor\t: 1\nvendor_id\t: AuthenticAMD\n";
    private const string Intel = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel name\t: Intel(R) Xeon(R) Processor\n";

    [Theory]
    [InlineData(Amd, "AuthenticAMD", true)]
    [InlineData(Intel, "GenuineIntel", false)]
    [InlineData("processor\t: 0\nmodel name\t: an emulated CPU\n", null, true)]
    [InlineData("", null, true)]
    public void Caps_follow_the_vendor_and_default_to_on(string cpuinfo, string? vendor, bool capped)
    {
        Assert.Equal(vendor, CpuKernelIsa.VendorOf(cpuinfo));
        Assert.Equal(capped, CpuKernelIsa.Decide(CpuKernelIsa.VendorOf(cpuinfo), setting: null).Cap);
    }

    [Theory]
    [InlineData("GenuineIntel", "1", true, "DWPFARM_KERNEL_CAPS=1: capped")]
    [InlineData("GenuineIntel", "true", true, "DWPFARM_KERNEL_CAPS=true: capped")]
    [InlineData("AuthenticAMD", "0", false, "DWPFARM_KERNEL_CAPS=0: every kernel")]
    [InlineData("AuthenticAMD", "false", false, "DWPFARM_KERNEL_CAPS=false: every kernel")]
    [InlineData("AuthenticAMD", "maybe", true, "a processor of AuthenticAMD: oneDNN capped at AVX, MKL and ATen at AVX2")]
    [InlineData(null, null, true, "a processor of unknown vendor: oneDNN capped at AVX, MKL and ATen at AVX2")]
    [InlineData("GenuineIntel", "", false, "an Intel processor: every kernel")]
    public void The_users_setting_wins_over_the_vendor(string? vendor, string? setting, bool capped, string reason) =>
        Assert.Equal((capped, reason), CpuKernelIsa.Decide(vendor, setting));

    [Fact]
    public void This_process_has_the_caps_its_processor_calls_for()
    {
        var x64Linux = OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;
        var expected = x64Linux && CpuKernelIsa.Decide(CpuKernelIsa.VendorOf(File.ReadAllText("/proc/cpuinfo")), Environment.GetEnvironmentVariable(CpuKernelIsa.Variable)).Cap;
        Assert.Equal(expected, CpuKernelIsa.Applied);
        if (expected)
        {
            // The source cache keys on these: the caps written to libc's environment must show, not .NET's copy of it.
            Assert.Matches("MKL_ENABLE_INSTRUCTIONS=[A-Z0-9]+", CpuKernelIsa.Caps);
        }
    }

    [Fact]
    public void Caps_are_read_where_the_libraries_read_them()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // What the source cache keys on must see a value written to libc's environment, which .NET's copy does not.
        const string name = "DWPFARM_TEST_LIBC_VARIABLE";
        Assert.Equal(0, CpuKernelIsa.SetEnv(name, "AVX2", overwrite: 1));
        Assert.Null(Environment.GetEnvironmentVariable(name));
        Assert.Equal("AVX2", CpuKernelIsa.LibcVariable(name));
    }

    [Fact]
    public void The_benchmarks_caps_row_takes_every_kernel_then_the_caps_each_from_its_host()
    {
        var asked = new List<bool>();
        var log = new List<string>();

        var report = Benchmark.Run(TinyBench.Options, log.Add, capsArm: capped =>
        {
            asked.Add(capped);
            return capped ? 100 : 190;
        });

        var caps = Assert.IsType<BenchKernelCaps>(report.KernelCaps);
        Assert.Equal([false, true], asked);
        Assert.Equal(("4x4", 100.0, 190.0, 1.9), (caps.Net, caps.CappedSamplesPerSecond, caps.NativeSamplesPerSecond, caps.Ratio));
        Assert.Contains(log, l => l.StartsWith("kernel caps, train 4x4 layout 1x1, a fresh process each: 190 samples/s with every kernel against 100 capped", StringComparison.Ordinal));
        Assert.Null(report.HeapReuse);
    }

    [Fact]
    public void A_caps_arm_that_cannot_be_measured_leaves_the_row_out_and_says_why()
    {
        var log = new List<string>();

        var report = Benchmark.Run(TinyBench.Options, log.Add, capsArm: _ => throw new BenchArmException("the native arm exited with 64: no"));

        Assert.Null(report.KernelCaps);
        Assert.Contains("kernel caps: not measured (the native arm exited with 64: no)", log);
    }
}
