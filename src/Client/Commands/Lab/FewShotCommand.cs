using System.Diagnostics;
using System.Globalization;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Lab;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// <c>dwpfarm lab fewshot</c>: the authors' few-shot table in this process (source nets on letters → kernel bank →
/// VAEs → variational training under each prior on N MNIST digits), then mean ± std of the 10-sample ensemble's
/// test accuracy per (prior, N) beside the authors' numbers.
/// </summary>
public sealed class FewShotCommand(IAnsiConsole console) : Command<FewShotCommandSettings>
{
    public override int Execute(CommandContext context, FewShotCommandSettings options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (data, log) = LabData.Load(console, options);
        var settings = new FewShotSettings
        {
            Front = options.Front(),
            Sizes = options.SizeList,
            Priors = options.PriorList,
            Repeats = options.Seeds,
            DwpKernelsPerStep = options.DwpKernels,
            MeanInit = options.Init,
            Bayes = new BayesOptions { Steps = options.Steps, BatchSize = options.Batch, KlWeight = options.KlWeight },
        };
        var front = settings.Front;
        log($"lab fewshot: {front.DescribeFront()}, "
            + $"targets {settings.Bayes.Widths} for {settings.Bayes.Steps} steps (batch {settings.Bayes.BatchSize}, "
            + $"lr {settings.Bayes.LearningRate.ToString(CultureInfo.InvariantCulture)} linear to 0, means from {options.Init}, "
            + (settings.DwpKernelsPerStep > 0 ? $"DWP term on {settings.DwpKernelsPerStep} kernels per layer and step" : "DWP term on every kernel")
            + (settings.Bayes.KlWeight == 1 ? "), " : $", KL × {settings.Bayes.KlWeight.ToString(CultureInfo.InvariantCulture)} (diagnostic)), ")
            + $"N = {string.Join(",", settings.Sizes)}, priors {string.Join(",", settings.Priors.Select(WeightPriors.Name))}, "
            + $"{settings.Repeats} seeds, {front.Slots} slots × {front.ThreadsPerSlot} thread");

        var report = FewShotPipeline.Run(data.Inputs, settings, log, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        if (options.Json)
        {
            console.Profile.Out.Writer.WriteLine(FewShotReportJson.From(report, seconds, data.Origins).ToJsonString());
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumn("prior");
        foreach (var n in settings.Sizes)
        {
            table.AddColumn(new TableColumn($"N = {n}").RightAligned());
        }

        foreach (var (prior, cells) in report.Cells)
        {
            table.AddRow([WeightPriors.Name(prior), .. cells.Select(c => $"{F(c.Mean)} ± {F(c.Std)}")]);
            table.AddRow([$"  paper", .. settings.Sizes.Select(n => PaperFewShotTable.Lookup(prior, n) is { } p ? F(p) : "–")]);
        }

        console.MarkupLine($"MNIST test accuracy of the {settings.Bayes.EnsembleSamples}-sample ensemble (mean ± std over {settings.Repeats} seeds):");
        console.Write(table);
        foreach (var verdict in FewShotVerdict.DwpBeatsSn(report))
        {
            console.MarkupLine($"N = {verdict.TrainSize}: dwp − sn = {F(verdict.Difference)} vs SE sum {F(verdict.Margin)}: "
                + (verdict.Holds ? "[green]dwp ahead[/]" : "[red]not separated[/]"));
        }

        data.WriteFingerprints(console, report.Bank.Sha256, seconds);
        return ExitCodes.Ok;
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
