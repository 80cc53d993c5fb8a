using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DwpFarm.Client.Commands.Sweep;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Reports;
using DwpFarm.Client.Specs;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        var (spec, text) = await SweepSpecReader.LoadAsync(settings.Spec, environment, cancellationToken);

        var builder = Host.CreateApplicationBuilder();
        // The progress display owns stdout; the silo's own warnings (a unit that failed, a lost lease) go to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error).AddFilter("DwpFarm", LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Free ports, so the demo runs beside a standalone silo.
            ["Farm:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Farm:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Farm:DataRoot"] = settings.Root.Path,
            ["Slots:Count"] = settings.Slots.ToString(CultureInfo.InvariantCulture),
            ["Slots:PollMilliseconds"] = "50",
        });
        var database = builder.AddDwpFarmSilo();
        using var host = builder.Build();
        await FarmDatabaseStartup.EnsureSchemaAsync(database, new FarmOptions(), cancellationToken);
        console.MarkupLineInterpolated($"[grey]in-process silo on {database.Describe()}[/]");
        await host.StartAsync(cancellationToken);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var id = SweepIds.New(spec.Name, DateTimeOffset.UtcNow);
            await grains.GetGrain<ISweepGrain>(id).SubmitAsync(spec, text);
            console.MarkupLineInterpolated($"sweep [bold]{id}[/] ({spec.Source.Count} source runs, {spec.Evaluation.Units} evaluations)");
            var status = await watcher.WatchAsync(grains, id, cancellationToken);
            var report = await grains.GetGrain<ISweepGrain>(id).GetReportAsync();
            var files = await Task.Run(() => new ReportWriter(a => ArtifactDownloader.Download(grains, a)).Write(report, settings.Out), cancellationToken);
            foreach (var table in ComparisonView.Tables(report))
            {
                console.Write(table);
            }

            console.MarkupLineInterpolated($"report: {files.Count} files in [bold]{Path.GetFullPath(settings.Out)}[/] (open report.md)");
            return status.Phase == SweepPhase.Completed && status.Message is null ? 0 : 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
