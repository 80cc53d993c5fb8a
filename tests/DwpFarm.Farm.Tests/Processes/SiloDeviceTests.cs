namespace DwpFarm.Farm.Tests.Processes;

/// <summary>The slots' device as an operator meets it: a CUDA request this build cannot serve, and the startup log.</summary>
public sealed class SiloDeviceTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-silo-device-").FullName;

    [Fact]
    public async Task Cuda_on_a_cpu_build_exits_1_with_one_line_and_never_trains_on_the_cpu()
    {
        await using var silo = new SiloProcess(_root, new Dictionary<string, string> { ["Slots:Device"] = "cuda" });

        int code;
        try
        {
            code = await silo.RunToExitAsync(Timeout);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"a silo asked for cuda on a CPU build kept running (it must refuse):\n{silo.Output}");
        }

        Assert.Equal(1, code);
        Assert.Equal(
            "dwpfarm-silo: error: Slots:Device=cuda, but this build links the CPU libtorch (TorchSharp-cpu): use the image built with TORCH_BACKEND=cuda (dotnet -p:TorchBackend=cuda); a silo never falls back to the CPU (set Slots:Device=cpu to train there)",
            silo.Errors.Trim());
        Assert.DoesNotContain("trains on", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_startup_log_names_each_slots_device_and_its_memory()
    {
        await using var silo = new SiloProcess(_root, new Dictionary<string, string> { ["Slots:Count"] = "2" });

        await silo.StartAsync(Timeout);

        // The console logger writes from its own queue, so the lines may follow /healthz by a moment.
        var lines = Enumerable.Range(0, 2).Select(slot => new System.Text.RegularExpressions.Regex($@"Slot {slot} trains on cpu: CPU, no GPU memory: host memory \d+\.\d GiB shared by all CPU slots")).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!lines.All(l => l.IsMatch(silo.Output)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(lines.All(l => l.IsMatch(silo.Output)), $"expected one 'Slot N trains on cpu: …' line per slot within 10 s of start:\n{silo.Output}");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
