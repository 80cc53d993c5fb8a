using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DwpFarm.Client.Commands.Data;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Client.Reports;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Local;
using DwpFarm.Pipeline.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// <c>dwpfarm lab vae-epochs</c>: a front's sources and banks as the lab builds them (from the source cache), then one
/// layer's VAE refitted at each length asked, scored against the white noise and Gaussian it must beat and held to the
/// gates. Tells whether a prior that fails is short of epochs or of kernels.
/// </summary>
public sealed class VaeEpochsCommand(IAnsiConsole console, ISpecEnvironment environment) : AsyncCommand<VaeEpochsSettings>
{
    /// <summary>The file of <c>--out</c> that holds the points, as <c>--json</c> prints them.</summary>
    public const string PointsFile = "vae-epochs.json";

    public override async Task<int> ExecuteAsync(CommandContext context, VaeEpochsSettings options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var log = ProgressLog.To(console, standardError: options.Json);
        var (spec, text, slots, data, sources) = await LabInputs.LoadAsync(options, environment, log, cancellationToken);
        var curve = await Task.Run(() => VaeEpochCurve.Run(spec, text, data, slots, options.Layer, options.Epochs, log, sources, cancellationToken), cancellationToken);
        var points = curve.Points.Select(p => new
        {
            front = p.Front,
            layer = p.Layer,
            epochs = p.Epochs,
            steps = p.Steps,
            seed = p.Seed,
            restarts = p.Result.Restarts,
            trainKernels = p.TrainKernels,
            testKernels = p.TestKernels,
            testElbo = p.Result.TestElbo,
            whiteNoiseElbo = p.Result.WhiteNoiseElbo,
            gaussianElbo = p.Result.GaussianElbo,
            normRatio = p.Result.NormRatio,
            sampleAbsCosine = p.Result.SampleAbsCosine,
            bankAbsCosine = p.Result.BankAbsCosine,
            gates = p.Result.GateFailures,
            bankSha256 = p.Bank.Sha256,
            seconds = Math.Round(p.Result.Duration.TotalSeconds, 1),
        }).ToList();
        // The letters the sources trained on: with the spec and the seeds, what reproduces each point.
        var letters = curve.Banks.Report.Units.Select(u => u.Result).OfType<SourceRunResult>().FirstOrDefault()?.DataSha256;
        var json = JsonSerializer.Serialize(new { spec = text, lettersSha256 = letters, layer = options.Layer, slots, seconds = Math.Round(clock.Elapsed.TotalSeconds, 1), points }, JsonOutput.Options);
        if (options.Out is { } output)
        {
            ReportFolder.Replace(output, staging =>
            {
                File.WriteAllText(Path.Combine(staging, PointsFile), json);
                foreach (var length in curve.Points.GroupBy(p => p.Epochs))
                {
                    KernelGrids.Write(Grids(curve.Banks.Report, length), curve.Banks.Artifacts.Read, staging, length.Key);
                }
            });
            log($"report: kernel grids and {PointsFile} in {Path.GetFullPath(output)}");
        }

        if (options.Json)
        {
            console.Profile.Out.Writer.WriteLine(json);
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{spec.Name}: the {options.Layer} VAE refitted on each front's bank"))
            .AddColumns("front", "epochs", "Adam steps", "kernels train / test", "test ELBO", "white noise", "Gaussian", "sample / bank |cos|", "norm ratio", "gates", "seconds");
        foreach (var p in curve.Points)
        {
            var r = p.Result;
            table.AddRow(
                F($"{p.Front}"),
                F($"{p.Epochs}"),
                F($"{p.Steps}"),
                F($"{p.TrainKernels} / {p.TestKernels}"),
                F($"{r.TestElbo:F2}"),
                F($"{r.WhiteNoiseElbo:F2}"),
                F($"{r.GaussianElbo:F2}"),
                F($"{r.SampleAbsCosine:F2} / {r.BankAbsCosine:F2}"),
                r.NormRatio is { } ratio ? F($"{ratio:F2}") : "–",
                // Each failure is in the fit's log line above.
                r.GateFailures.Count == 0 ? "[green]pass[/]" : F($"[red]fails {r.GateFailures.Count}[/]"),
                F($"{r.Duration.TotalSeconds:F0}"));
        }

        console.Write(table);
        console.MarkupLine(F($"wall time {clock.Elapsed.TotalSeconds:F0} s"));
        return ExitCodes.Ok;
    }

    // The banks' run with the VAEs of one length in it, as the report's kernel grids read a sweep.
    private static SweepReport Grids(SweepReport banks, IEnumerable<VaeEpochPoint> length) => banks with
    {
        Units =
        [
            .. banks.Units.Where(u => u.Kind == UnitKind.Bank),
            .. length.Select(p => new UnitSummary { UnitId = F($"{p.Layer}/f{p.Front}/e{p.Epochs}"), Kind = UnitKind.Vae, Status = UnitStatus.Completed, Result = p.Result }),
        ],
    };

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
