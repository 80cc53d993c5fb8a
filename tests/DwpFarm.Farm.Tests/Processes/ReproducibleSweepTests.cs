using System.Text.Json.Nodes;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Reports;
using DwpFarm.Data;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Local;
using DwpFarm.Pipeline.Units;
using Microsoft.Data.Sqlite;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// The farm's <c>results.json</c>: one spec, run twice on a silo with one slot and twice on a fresh silo with two,
/// gives the same results, artifact hashes and comparison table, bit for bit; and the lab, running the same plan
/// in-process on one slot or two, gives the farm's numbers, bit for bit, in init mode and in bayes mode.
/// </summary>
public sealed class ReproducibleSweepTests : IDisposable
{
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(6);
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-repro-").FullName;

    [Fact]
    public async Task The_same_spec_gives_bit_identical_results_json_on_one_slot_and_on_two_twice_in_a_row_in_the_farm_and_in_the_lab()
    {
        var spec = InitSpec();
        var runs = new List<string>();
        foreach (var slots in new[] { 1, 2 })
        {
            await using var silo = await StartSiloAsync(slots);
            await using var client = await FarmConnection.ConnectAsync(silo.Gateway, CancellationToken.None);
            foreach (var run in new[] { "a", "b" })
            {
                runs.Add(await ResultsAsync(client, silo, $"repro-{slots}{run}", spec, slots));
            }
        }

        runs.Add(LabResults(spec, slots: 1));
        runs.Add(LabResults(spec, slots: 2));

        Assert.All(runs, r => Assert.Equal(runs[0], r));
        Assert.Contains("\"comparison\"", runs[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lab_gives_the_farms_bayes_numbers_bit_for_bit_over_two_fronts()
    {
        var spec = InitSpec() with
        {
            Name = "repro-bayes",
            Fronts = 2,
            Evaluation = InitSpec().Evaluation with { Mode = EvaluationMode.Bayes, TrainSizes = [50], Priors = [WeightPriorKind.Dwp, WeightPriorKind.Sn], Seeds = 1, Steps = 4, EnsembleSamples = 2, DwpKernels = 3 },
        };

        await using var silo = await StartSiloAsync(slots: 1);
        await using var client = await FarmConnection.ConnectAsync(silo.Gateway, CancellationToken.None);
        var farm = await ResultsAsync(client, silo, "repro-bayes-1", spec, slots: 1);

        Assert.Equal(farm, LabResults(spec, slots: 2));
        Assert.Contains("\"fewshot\"", farm, StringComparison.Ordinal);
        Assert.Contains("/bank/f1\"", farm, StringComparison.Ordinal);
    }

    private SweepSpec InitSpec() => new()
    {
        Name = "repro",
        Source = SweepSpecs.TinySource,
        Bank = SweepSpecs.TinyBank,
        Prior = SweepSpecs.UngatedPrior(2, 1) with { Conv1 = new VaeSpec { Epochs = 2, Restarts = 2 } },
        Evaluation = new EvaluationSpec
        {
            Folder = SyntheticMnist.Write(Path.Combine(_root, "mnist")),
            TrainSizes = [100],
            Seeds = 2,
            Steps = 10,
            EvalEvery = 5,
            Batch = 20,
            Widths = [4, 8],
        },
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<SiloProcess> StartSiloAsync(int slots)
    {
        var silo = new SiloProcess(Path.Combine(_root, $"silo-{slots}"), new Dictionary<string, string>
        {
            ["Slots:Count"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Slots:PollMilliseconds"] = "50",
        });
        await silo.StartAsync(TimeSpan.FromSeconds(60));
        return silo;
    }

    // The lab's run of the plan, on the data the first silo prepared, as its report folder's results.json.
    private string LabResults(SweepSpec spec, int slots)
    {
        var run = LocalSweep.Run(spec, "repro", new SpecDataSets(DataRoot.Resolve(Path.Combine(_root, "silo-1"))), slots);
        var folder = Path.Combine(_root, "reports", $"lab-{spec.Name}-{slots}");
        new ReportWriter(run.Artifacts.Read).Write(run.Report, folder);
        return Normalize(File.ReadAllText(Path.Combine(folder, "results.json")), run.Report.Status.SweepId, slots);
    }

    // results.json as the report command writes it, less what says when, where and how long: ids, times, silos, attempts, slots.
    private async Task<string> ResultsAsync(FarmConnection client, SiloProcess silo, string id, SweepSpec spec, int slots)
    {
        var sweep = client.Grains.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(spec, "repro");
        var status = await SweepFinish.WaitAsync(sweep, silo, SweepTimeout);
        Assert.True(status.Phase == SweepPhase.Completed && status.Message is null, $"{status.Phase}: {status.Message}\n{silo.Output}");
        var report = await sweep.GetReportAsync();
        Assert.All(report.Units, u => Assert.True(u.Status == UnitStatus.Completed, $"{u.UnitId}: {u.Status} {u.Error}"));

        var folder = Path.Combine(_root, "reports", id);
        new ReportWriter(a => ArtifactDownloader.Download(client.Grains, a)).Write(report, folder);
        return Normalize(await File.ReadAllTextAsync(Path.Combine(folder, "results.json")), id, slots);
    }

    private static string Normalize(string results, string id, int slots)
    {
        var json = JsonNode.Parse(results)!.AsObject();

        // How busy the slots were depends on the slot count and the timing, never on the results: checked, then left out.
        Assert.Equal(slots, json["slots"]!.GetValue<int>());
        Assert.InRange(json["utilisation"]!.GetValue<double>(), 0.01, 1);
        json.Remove("slots");
        json.Remove("utilisation");
        foreach (var key in new[] { "sweepId", "submittedAt", "finishedAt" })
        {
            json.Remove(key);
        }

        foreach (var unit in json["units"]!.AsArray().Select(u => u!.AsObject()))
        {
            unit["id"] = unit["id"]!.GetValue<string>()[id.Length..];
            foreach (var key in new[] { "silo", "startedAt", "finishedAt", "attempts" })
            {
                unit.Remove(key);
            }

            if (unit["result"] is JsonObject result)
            {
                result.Remove("duration");
                result.Remove("scheduleLatency");
            }
        }

        return json.ToJsonString();
    }
}
