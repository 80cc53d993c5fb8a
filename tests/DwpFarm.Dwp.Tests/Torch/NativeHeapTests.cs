using DwpFarm.Dwp.Bench;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;

namespace DwpFarm.Dwp.Tests.Torch;

/// <summary>
/// The ML core keeps freed native memory for reuse unless the user chose otherwise, and the benchmark compares the two
/// settings in one process and leaves the process's own as it found it.
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
    public void The_benchmark_measures_both_settings_and_restores_the_process_setting()
    {
        var before = NativeHeap.Reusing;
        var report = Benchmark.Run(new BenchOptions
        {
            Cores = 1,
            Nets = [new FConvWidths(4, 4)],
            HeapNet = new FConvWidths(4, 4),
            BatchSize = 8,
            MatmulSize = 32,
            Duration = TimeSpan.FromMilliseconds(50),
        });

        var heap = Assert.IsType<BenchHeapReuse>(report.HeapReuse);
        Assert.Equal("4x4", heap.Net);
        Assert.True(heap.DefaultSamplesPerSecond > 0 && heap.ReuseSamplesPerSecond > 0);
        Assert.Equal(before, NativeHeap.Reusing);
    }
}
