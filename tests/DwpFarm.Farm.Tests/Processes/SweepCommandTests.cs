using System.Globalization;
using System.Text.Json;
using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>The sweep commands of the real CLI against a standalone silo, as scripts use them.</summary>
public sealed class SweepCommandTests() : SingleSiloFixture("sweep-commands")
{
    /// <summary>
    /// A sweep that completes with failed evaluations must give exit code 1, not the 0 of a clean
    /// run. The evaluation's test labels are missing, which the local spec check (it reads only
    /// the train file's header) cannot see.
    /// </summary>
    [Fact]
    public async Task Submit_watch_and_watch_exit_1_when_a_finished_sweep_has_failed_units()
    {
        var mnist = SyntheticMnist.Write(Path.Combine(Root, "mnist"), train: 100, test: 20);
        File.Delete(Path.Combine(mnist, "t10k-labels-idx1-ubyte"));
        var spec = Path.Combine(Root, "failing.yaml");
        await File.WriteAllTextAsync(spec, string.Create(CultureInfo.InvariantCulture, $$"""
            name: failing
            source: { imagesPerClass: 20, testImages: 20, count: 2, widths: [8, 16], epochs: 1, batch: 64 }
            bank: { pruneRule: relative }
            prior: { gates: false, conv1: { epochs: 1, restarts: 1 }, conv2: { epochs: 1, restarts: 1 } }
            evaluation: { folder: {{mnist}}, trainSizes: [50], methods: [xavier], seeds: 1, steps: 2, evalEvery: 1, widths: [8, 16] }
            """));

        var submit = await CliProcess.RunAsync(null, "sweep", "submit", spec, "--watch", "--gateway", Silo.Gateway);
        var id = submit.Stdout.Split('\n')[0].Trim();
        var watch = await CliProcess.RunAsync(null, "sweep", "watch", id, "--gateway", Silo.Gateway);

        Assert.True(submit.ExitCode == 1, $"submit --watch exited {submit.ExitCode}\n{submit.Stdout}{submit.Stderr}\n{Silo.Output}");
        Assert.Contains("1 of 1 evaluations failed", submit.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, watch.ExitCode);
        Assert.Contains("Completed", watch.Stdout, StringComparison.Ordinal);

        // What failed, and why, is in the unit's log without access to the silo's own output.
        var logs = await CliProcess.RunAsync(null, "sweep", "logs", id, "--unit", "eval", "--gateway", Silo.Gateway);
        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("eval/xavier/n50/s0 #1 ", logs.Stdout, StringComparison.Ordinal);
        Assert.Contains(": ERROR failed: ", logs.Stdout, StringComparison.Ordinal);
        Assert.Contains("t10k-labels-idx1-ubyte", logs.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_show_where_each_attempt_ran_and_how_it_ended()
    {
        var spec = Path.Combine(Root, "logged.yaml");
        await File.WriteAllTextAsync(spec, """
            name: logged
            stopAfter: sources
            source: { imagesPerClass: 20, testImages: 20, count: 2, widths: [8, 16], epochs: 1, batch: 64 }
            """);
        var submit = await CliProcess.RunAsync(null, "sweep", "submit", spec, "--watch", "--gateway", Silo.Gateway);
        Assert.True(submit.ExitCode == 0, $"{submit.Stdout}{submit.Stderr}");
        var id = submit.Stdout.Split('\n')[0].Trim();

        var all = await CliProcess.RunAsync(null, "sweep", "logs", id, "--gateway", Silo.Gateway);
        var one = await CliProcess.RunAsync(null, "sweep", "logs", id, "--unit", "source/0001", "--gateway", Silo.Gateway);
        var json = await CliProcess.RunAsync(null, "sweep", "logs", id, "--json", "--follow", "--gateway", Silo.Gateway);

        Assert.True(all.ExitCode == 0, all.Stderr);
        foreach (var unit in new[] { "source/0000", "source/0001" })
        {
            Assert.Contains($" {unit} #1 ", all.Stdout, StringComparison.Ordinal);
            Assert.Matches($@"{unit} #1 \S+: attempt 1 started on \S+, slot \d \(cpu\)", all.Stdout);
            Assert.Matches($@"{unit} #1 \S+: completed in \d+ s: letters test accuracy", all.Stdout);
        }

        Assert.All(one.Stdout.Trim().Split('\n'), l => Assert.Contains(" source/0001 #1 ", l, StringComparison.Ordinal));

        // --follow ends by itself once the sweep has finished; --json is one object per line.
        Assert.Equal(0, json.ExitCode);
        var lines = json.Stdout.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(all.Stdout.Trim().Split('\n').Length, lines.Count);
        Assert.All(lines, l => Assert.StartsWith($"{id}/source/", l.GetProperty("unitId").GetString(), StringComparison.Ordinal));
        Assert.Equal(lines.Select(l => l.GetProperty("id").GetInt64()).Order(), lines.Select(l => l.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Logs_of_an_unknown_sweep_or_with_a_bad_unit_filter_are_refused()
    {
        var unknown = await CliProcess.RunAsync(null, "sweep", "logs", "nosuch-1", "--gateway", Silo.Gateway);
        var badUnit = await CliProcess.RunAsync(null, "sweep", "logs", "nosuch-1", "--unit", "/source", "--gateway", Silo.Gateway);

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("nosuch-1", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(64, badUnit.ExitCode);
        Assert.Contains("--unit takes a unit id after the sweep id", badUnit.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_json_prints_every_sweep_as_one_array()
    {
        await using (var client = await FarmConnection.ConnectAsync(Silo.Gateway, CancellationToken.None))
        {
            // Its source runs fail at once (no such folder): a listed sweep without training.
            var spec = new SweepSpec { Name = "listed", StopAfter = SweepStages.Sources, Source = new SourceSpec { Dataset = "notmnist", Folder = Path.Combine(Root, "none"), Count = 1 } };
            await client.Grains.GetGrain<ISweepGrain>("listed-1").SubmitAsync(spec, "name: listed");
        }

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "sweep", "list", "--json", "--gateway", Silo.Gateway);

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var listed = json.RootElement.EnumerateArray().Single(s => s.GetProperty("sweepId").GetString() == "listed-1");
        Assert.Equal("listed", listed.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, listed.GetProperty("phase").ValueKind);
        Assert.True(listed.GetProperty("submittedAt").TryGetDateTimeOffset(out _));
    }

    protected override SiloProcess CreateSilo() => new(Root, new Dictionary<string, string>
    {
        ["Slots:Count"] = "2",
        ["Slots:PollMilliseconds"] = "50",
    });
}
