using DwpFarm.Client.Farm;
using DwpFarm.Client.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Report;

/// <summary>Writes report.md, results.json, curves.csv and the plots of one sweep.</summary>
public sealed class ReportCommand(IAnsiConsole console) : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        // A folder that is not ours is refused before the cluster is even contacted.
        ReportFolder.EnsureWritable(settings.Out);

        await using var connection = await FarmConnection.ConnectAsync(settings, cancellationToken);
        var grains = connection.Grains;
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
