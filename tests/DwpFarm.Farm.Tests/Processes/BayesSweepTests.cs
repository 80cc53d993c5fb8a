using DwpFarm.Client.Farm;
using DwpFarm.Client.Reports;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Vocabulary;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// A bayes-mode sweep through the real runners of a standalone silo on SQLite: every prior's variational runs
/// complete as evaluation units, the report sets them beside the authors' table, and the same spec and seeds
/// reproduce every number.
/// </summary>
public sealed class BayesSweepTests() : SingleSiloFixture("bayes-sweep")
{
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(6);
    private static readonly WeightPriorKind[] Priors = [WeightPriorKind.Dwp, WeightPriorKind.Sn, WeightPriorKind.LogUniform];
    private static readonly string[] PriorNames = [.. Priors.Select(p => SpecName.Of(p))];

    [Fact]
    public async Task Every_prior_runs_as_evaluation_units_and_the_same_spec_reproduces_the_table()
    {
        var spec = new SweepSpec
        {
            Name = "bayes",
            Source = new SourceSpec { ImagesPerClass = 100, TestImages = 200, Count = 2, Widths = [8, 16], Epochs = 1, Batch = 64 },
            Bank = SweepSpecs.TinyBank,
            Prior = SweepSpecs.UngatedPrior(2, 1),
            Evaluation = new EvaluationSpec
            {
                Mode = EvaluationMode.Bayes,
                Folder = SyntheticMnist.Write(Path.Combine(Root, "mnist")),
                TrainSizes = [50],
                Priors = Priors,
                Seeds = 2,
                Steps = 10,
                Batch = 25,
                EnsembleSamples = 3,
                Widths = [8, 16],
            },
        };
        await using var client = await FarmConnection.ConnectAsync(Silo.Gateway, CancellationToken.None);

        var first = await RunAsync(client, "bayes-1", spec);
        var second = await RunAsync(client, "bayes-2", spec);

        var evaluations = Evaluations(first);
        Assert.Equal(Priors.Length * 2, evaluations.Count);
        Assert.All(evaluations, r =>
        {
            Assert.Equal(EvaluationMode.Bayes, r.Mode);
            Assert.Equal(50, r.TrainSize);
            Assert.Equal(64, r.DataSha256.Length);
            Assert.InRange(Assert.Single(r.Accuracy), 0, 1);
            Assert.InRange(r.MeanAccuracy!.Value, 0, 1);
            Assert.True(double.IsFinite(r.FinalKl!.Value), $"{r.Method} seed {r.Seed}: KL {r.FinalKl}");
        });
        Assert.All(PriorNames, p => Assert.Equal(2, evaluations.Where(r => r.Method == p).Select(r => r.Seed).Distinct().Count()));

        // The table beside the authors': one cell per prior at N = 50, the mean ensemble accuracy of both seeds,
        // with the authors' number to compare against.
        var table = FewShotTable.From(first)!;
        Assert.Equal([50], table.Sizes);
        Assert.Equal(
            [.. PriorNames.Select(p => (p, 2, evaluations.Where(r => r.Method == p).OrderBy(r => r.Seed).Average(r => r.Accuracy[0]), true))],
            table.Rows.Select(r => (r.Prior, r.Cells.Single().Measured!.N, r.Cells.Single().Measured!.Mean, r.Cells.Single().Difference.HasValue)).ToArray());

        // A spec and its seeds reproduce the run: the second sweep's results are the first's, number for number.
        Assert.Equal(Fingerprints(first), Fingerprints(second));
    }

    protected override SiloProcess CreateSilo() => new(Root, new Dictionary<string, string>
    {
        ["Slots:Count"] = "2",
        ["Slots:PollMilliseconds"] = "50",
    });

    private async Task<SweepReport> RunAsync(FarmConnection client, string id, SweepSpec spec)
    {
        var sweep = client.Grains.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(spec, "bayes");
        var status = await SweepFinish.WaitAsync(sweep, Silo, SweepTimeout);
        Assert.True(status.Phase == SweepPhase.Completed && status.Message is null, $"{status.Phase}: {status.Message}\n{Silo.Output}");
        var report = await sweep.GetReportAsync();
        Assert.All(report.Units, u => Assert.True(u.Status == UnitStatus.Completed, $"{u.UnitId}: {u.Status} {u.Error}"));
        return report;
    }

    private static List<EvaluationResult> Evaluations(SweepReport report)
        => [.. report.Units.Where(u => u.Kind == UnitKind.Evaluation).Select(u => (EvaluationResult)u.Result!)];

    private static string[] Fingerprints(SweepReport report)
        => [.. Evaluations(report)
            .OrderBy(r => r.Method, StringComparer.Ordinal).ThenBy(r => r.Seed)
            .Select(r => $"{r.Method} {r.Seed} {r.DataSha256} {r.Accuracy[0]:R} {r.MeanAccuracy:R} {r.FinalKl:R}")];
}
