using System.Diagnostics;
using System.Globalization;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Dwp.Lab;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// <c>dwpfarm lab init-compare</c>: the whole init-mode experiment in this process (source nets on letters →
/// kernel bank → VAEs → target runs on MNIST), then the mean ± std test accuracy per initialiser.
/// </summary>
public sealed class InitCompareCommand(IAnsiConsole console) : Command<InitCompareSettings>
{
    public override int Execute(CommandContext context, InitCompareSettings options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (data, log) = LabData.Load(console, options);
        var settings = options.Front() with { Repeats = options.Seeds };
        log($"lab init-compare: {settings.DescribeFront()}, targets {settings.Target.Widths} on N={settings.Target.TrainCount} "
            + $"(batch {settings.Target.BatchSize}, lr {settings.Target.LearningRate.ToString(CultureInfo.InvariantCulture)}), "
            + $"{settings.Repeats} seeds, {settings.Slots} slots × {settings.ThreadsPerSlot} thread");

        var report = InitComparePipeline.Run(data.Inputs, settings, log, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        if (options.Json)
        {
            console.Profile.Out.Writer.WriteLine(LabReportJson.From(report, seconds, data.Origins).ToJsonString());
            return ExitCodes.Ok;
        }

        var steps = report.Methods.Values.First().Steps;
        var table = new Table().AddColumn("step");
        foreach (var method in report.Methods.Keys)
        {
            table.AddColumn(new TableColumn(LabReportJson.Name(method)).RightAligned());
        }

        for (var i = 0; i < steps.Count; i++)
        {
            table.AddRow([steps[i].ToString(CultureInfo.InvariantCulture), .. report.Methods.Values.Select(m => $"{F(m.Mean[i])} ± {F(m.Std[i])}")]);
        }

        console.MarkupLine($"Test accuracy on MNIST (mean ± std over {settings.Repeats} seeds):");
        console.Write(table);
        foreach (var verdict in LabVerdict.DwpBeatsXavier(report))
        {
            console.MarkupLine($"step {verdict.Step}: dwp − xavier = {F(verdict.Difference)} vs SE sum {F(verdict.Margin)}: "
                + (verdict.Holds ? "[green]dwp ahead[/]" : "[red]not separated[/]"));
        }

        data.WriteFingerprints(console, report.Bank.Sha256, seconds);
        return ExitCodes.Ok;
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
