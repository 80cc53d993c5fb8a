using System.Globalization;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// A sweep that completes with failed evaluations, followed by the real CLI: scripts must see
/// exit code 1, not the 0 of a clean run. The evaluation's test labels are missing, which the
/// local spec check (it reads only the train file's header) cannot see.
/// </summary>
public sealed class SweepExitCodeTests() : SingleSiloFixture("exit-codes")
{
    [Fact]
    public async Task Submit_watch_and_watch_exit_1_when_a_finished_sweep_has_failed_units()
    {
        var mnist = SyntheticMnist.Write(Path.Combine(Root, "mnist"), train: 100, test: 20);
        File.Delete(Path.Combine(mnist, "t10k-labels-idx1-ubyte"));
        var spec = Path.Combine(Root, "failing.yaml");
        await File.WriteAllTextAsync(spec, string.Create(CultureInfo.InvariantCulture, $$"""
            name: failing
            source: { imagesPerClass: 20, testImages: 20, count: 2, widths: [8, 16], epochs: 1, batch: 64 }
            prior: { conv1: { epochs: 1 }, conv2: { epochs: 1 } }
            evaluation: { folder: {{mnist}}, trainSizes: [50], methods: [xavier], seeds: 1, steps: 2, evalEvery: 1, widths: [8, 16] }
            """));

        var submit = await CliProcess.RunAsync(null, "sweep", "submit", spec, "--watch", "--gateway", Silo.Gateway);
        var id = submit.Stdout.Split('\n')[0].Trim();
        var watch = await CliProcess.RunAsync(null, "sweep", "watch", id, "--gateway", Silo.Gateway);

        Assert.True(submit.ExitCode == 1, $"submit --watch exited {submit.ExitCode}\n{submit.Stdout}{submit.Stderr}\n{Silo.Output}");
        Assert.Contains("1 of 1 evaluations failed", submit.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, watch.ExitCode);
        Assert.Contains("Completed", watch.Stdout, StringComparison.Ordinal);
    }

    protected override SiloProcess CreateSilo() => new(Root, new Dictionary<string, string>
    {
        ["Slots:Count"] = "2",
        ["Slots:PollMilliseconds"] = "50",
    });
}
