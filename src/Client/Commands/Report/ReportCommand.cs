using DwpFarm.Client.Farm;
using DwpFarm.Client.Reports;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Report;

/// <summary>Writes report.md, results.json, curves.csv and the plots of one sweep.</summary>
public sealed class ReportCommand(IAnsiConsole console) : FarmCommand<ReportSettings>
{
    protected override async Task<int> ExecuteAsync(IGrainFactory grains, ReportSettings settings, CancellationToken cancellationToken)
    {
        var (sweep, _) = await SweepLookup.RequireAsync(grains, settings.SweepId);

        var report = await sweep.GetReportAsync();
        var files = await Task.Run(() => new ReportWriter(a => ArtifactDownloader.Download(grains, a)).Write(report, settings.Out), cancellationToken);
        foreach (var table in ComparisonView.Tables(report))
        {
            console.Write(table);
        }

        console.MarkupLineInterpolated($"wrote {files.Count} files to [bold]{Path.GetFullPath(settings.Out)}[/]");
        return 0;
    }
}
