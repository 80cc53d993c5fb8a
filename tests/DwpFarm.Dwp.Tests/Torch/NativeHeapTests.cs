using DwpFarm.Dwp.Bench;
using DwpFarm.Dwp.Torch;

namespace DwpFarm.Dwp.Tests.Torch;

/// <summary>
/// The ML core keeps freed native memory for reuse unless the user chose otherwise, and the benchmark's heap row takes
/// its two arms from its host, which measures each in a fresh process (the CLI's side: <c>CliTests</c>).
/// </summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void Reuse_is_on_by_default_on_linux()
    {
        Assert.Equal((true, "freed native memory kept for reuse (no mmap per block, no trimming)"), NativeHeap.Decide(linux: true, glibcTunables: null, optOut: null));
        Assert.True(NativeHeap.Decide(true, "glibc.pthread.rseq=0", "1").Reuse);
    }

    [Theory]
    [InlineData(false, null, null, "not Linux")]
    [InlineData(true, null, "0", "DWPFARM_HEAP_REUSE=0")]
    [InlineData(true, null, "false", "DWPFARM_HEAP_REUSE=false")]
    [InlineData(true, "glibc.malloc.arena_max=2", null, "GLIBC_TUNABLES sets malloc (glibc.malloc.arena_max=2)")]
    public void The_users_choice_or_another_platform_leaves_the_allocator_alone(bool linux, string? tunables, string? optOut, string reason)
    {
        var (reuse, why) = NativeHeap.Decide(linux, tunables, optOut);
        Assert.False(reuse);
        Assert.StartsWith(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void This_process_follows_its_environment()
    {
        var expected = NativeHeap.Decide(OperatingSystem.IsLinux(), Environment.GetEnvironmentVariable("GLIBC_TUNABLES"), Environment.GetEnvironmentVariable(NativeHeap.OptOutVariable));
        Assert.Equal(expected.Reuse, NativeHeap.Reusing);
    }

    [Fact]
    public void The_benchmarks_heap_row_takes_glibcs_arm_then_reuses_from_its_host()
    {
        var asked = new List<bool>();
        var log = new List<string>();

        var report = Benchmark.Run(TinyBench.Options, log.Add, reuse =>
        {
            asked.Add(reuse);
            return reuse ? 250 : 100;
        });

        var heap = Assert.IsType<BenchHeapReuse>(report.HeapReuse);
        Assert.Equal([false, true], asked);
        Assert.Equal(("4x4", 100.0, 250.0, 2.5), (heap.Net, heap.DefaultSamplesPerSecond, heap.ReuseSamplesPerSecond, heap.Ratio));
        Assert.Contains(log, l => l.Contains("a fresh process each", StringComparison.Ordinal));
    }

    [Fact]
    public void An_arm_that_cannot_be_measured_leaves_the_row_out_and_says_why()
    {
        var log = new List<string>();

        var report = Benchmark.Run(TinyBench.Options, log.Add, _ => throw new BenchArmException("the glibc arm exited with 1: no torch"));

        Assert.Null(report.HeapReuse);
        Assert.Contains("heap reuse: not measured (the glibc arm exited with 1: no torch)", log);
        Assert.Null(Benchmark.Run(TinyBench.Options).HeapReuse);
    }
}
