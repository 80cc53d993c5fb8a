using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DwpFarm.Client.Commands.Data;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Client.Reports;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Import;
using DwpFarm.Pipeline.Local;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Pipeline.Statistics;
using DwpFarm.Pipeline.Units;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// A <c>dwpfarm lab</c> command: builds a sweep spec from the flags (or reads <c>--spec</c>), runs its plan in
/// this process on slots with the farm's runners, and shows what a farm sweep of that spec shows.
/// </summary>
public abstract class LabCommand<TSettings>(IAnsiConsole console, ISpecEnvironment environment) : AsyncCommand<TSettings>
    where TSettings : LabCommandSettings
{
    public override async Task<int> ExecuteAsync(CommandContext context, TSettings options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var log = ProgressLog.To(console, standardError: options.Json);
        var (spec, text, slots, data, sources) = await LabInputs.LoadAsync(options, environment, log, cancellationToken);
        if (SweepStages.Runs(spec.StopAfter, SweepStages.Evaluations))
        {
            data.Mnist(spec.Evaluation, log);
        }

        log(LabHeader.Describe(spec, slots));
        if (options.PriorNote() is { } note)
        {
            log(note);
        }

        var run = await Task.Run(() => LocalSweep.Run(spec, text, data, slots, log, sources, cancellationToken), cancellationToken);
        var report = run.Report;
        if (options.Out is { } output)
        {
            var files = new ReportWriter(run.Artifacts.Read).Write(report, output);
            log($"report: {files.Count} files in {Path.GetFullPath(output)}");
        }

        var checks = Comparisons.Checks(Comparisons.Of(report), spec.Evaluation.Mode);
        var authors = spec.Bank.Import is null ? PublishedBankShape.Find(options.Root) : null;
        for (var l = 0; l < (authors?.Count ?? 0); l++)
        {
            // Beside each of our banks' lines (the bank unit's), the figures they are held to.
            log($"the authors' conv{l + 1} bank: {UnitLines.Shape(authors![l])}");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        if (options.Json)
        {
            var json = JsonSerializer.SerializeToNode(ReportWriter.Results(report), JsonOutput.Options)!.AsObject();
            var e = spec.Evaluation;
            json["fronts"] = spec.Fronts;
            json["settings"] = new JsonObject { ["lr"] = e.Lr, ["batch"] = e.Batch, ["train_size"] = e.TrainSizes.Count == 1 ? e.TrainSizes[0] : null, ["steps"] = e.Steps };
            json["priors"] = new JsonArray([.. report.Units.Select(u => u.Result).OfType<VaeResult>().OrderBy(v => v.Front).ThenBy(v => v.Layer, StringComparer.Ordinal)
                .Select(v => (JsonNode)new JsonObject
                {
                    ["front"] = v.Front,
                    ["layer"] = v.Layer,
                    ["test_elbo"] = v.TestElbo,
                    ["gaussian_elbo"] = v.GaussianElbo,
                    ["white_noise_elbo"] = v.WhiteNoiseElbo,
                    ["sample_norm_ratio"] = v.NormRatio,
                    ["sample_abs_cos"] = v.SampleAbsCosine,
                    ["bank_abs_cos"] = v.BankAbsCosine,
                    ["pulled_abs_cos"] = v.PulledAbsCosine,
                    ["pulled_median_norm"] = v.PulledMedianNorm,
                    ["gates"] = new JsonArray([.. v.GateFailures.Select(f => (JsonNode)f)]),
                })]);
            json["authorsBank"] = authors is null ? null : JsonSerializer.SerializeToNode(authors, JsonOutput.Options);
            json["lab"] = new JsonObject
            {
                ["slots"] = slots,
                ["seconds"] = Math.Round(seconds, 1),
                ["stageSeconds"] = new JsonObject(run.StageSeconds.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 1)))),
                ["checks"] = JsonSerializer.SerializeToNode(checks.Select(c => new { c.Method, c.Baseline, c.TrainSize, c.Step, c.Difference, c.Margin, c.Holds }), JsonOutput.Options),
            };
            console.Profile.Out.Writer.WriteLine(json.ToJsonString());
            return ExitCodes.Ok;
        }

        foreach (var table in ComparisonView.Tables(report))
        {
            console.Write(table);
        }

        foreach (var check in checks)
        {
            console.MarkupLine($"[{(check.Holds ? "green" : "red")}]{Markup.Escape(check.Describe(spec.Evaluation.Mode))}[/]");
        }

        var bank = report.Units.Select(u => u.Result).OfType<BankResult>().FirstOrDefault()?.Bank.Sha256 ?? "–";
        // An imported bank's data are the published files; a built one's are the source models, named by the source runs.
        var fingerprints = report.Units.Where(u => u.Result is SourceRunResult or EvaluationResult || (u.Result is BankResult && spec.Bank.Import is not null)).GroupBy(u => u.Kind).Select(g => $"{g.Key} data sha256 {g.First().Result!.DataSha256}");
        console.MarkupLine($"bank sha256 {bank}; {string.Join("; ", fingerprints)}");
        console.MarkupLine(F($"wall time {seconds:F0} s"));
        return ExitCodes.Ok;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
