using DwpFarm.Client.Commands.Lab;
using DwpFarm.Client.Commands.Sweep;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Reports;
using DwpFarm.Client.Specs;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Demo;

/// <summary>
/// The end-to-end demo: an in-process silo on the embedded default (SQLite in the data
/// folder), one sweep with live progress, the comparison table and a report folder.
/// </summary>
public sealed class DemoCommand(IAnsiConsole console, ISpecEnvironment environment, SweepWatcher watcher) : AsyncCommand<DemoSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        // Refused now, not after the sweep has run for minutes.
        ReportFolder.EnsureWritable(settings.Out);
        var (spec, text) = await SweepSpecReader.LoadAsync(settings.Spec, environment, cancellationToken);

        await using var silo = await InProcessSilo.StartAsync(settings.Root.Path, settings.Slots, null, cancellationToken);
        console.MarkupLineInterpolated($"[grey]in-process silo on {silo.Database}[/]");
        var grains = silo.Grains;
        var id = SweepIds.New(spec.Name, DateTimeOffset.UtcNow);
        await grains.GetGrain<ISweepGrain>(id).SubmitAsync(spec, text);
        var plan = new SweepPlan(id, spec);
        console.MarkupLineInterpolated($"sweep [bold]{id}[/] ({plan.Planned(SweepPhase.Sources)} source runs, {plan.Planned(SweepPhase.Evaluations)} evaluations)");
        var status = await watcher.WatchAsync(grains, id, cancellationToken);
        var report = await grains.GetGrain<ISweepGrain>(id).GetReportAsync();
        var files = await Task.Run(() => new ReportWriter(a => ArtifactDownloader.Download(grains, a)).Write(report, settings.Out), cancellationToken);
        foreach (var table in ComparisonView.Tables(report))
        {
            console.Write(table);
        }

        foreach (var line in PriorVerdict.Lines(report))
        {
            console.WriteLine(line);
        }

        if (LabFront.Advice(spec) is { } advice)
        {
            console.WriteLine(advice);
        }

        if (ReportMarkdown.UtilisationLine(report) is { } busy)
        {
            console.WriteLine(busy);
        }

        console.MarkupLineInterpolated($"report: {files.Count} files in [bold]{Path.GetFullPath(settings.Out)}[/] (open report.md)");
        return SweepOutcome.ExitCode(status);
    }
}
