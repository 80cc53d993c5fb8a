using System.Globalization;
using System.Text.Json.Nodes;
using DwpFarm.Client.Commands.Data;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Data;
using DwpFarm.Grains.Interfaces.Cluster;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Bench;

/// <summary>
/// <c>dwpfarm bench farm</c>: the farm's scheduling overhead on a sweep of many ~1 s training
/// units, on an in-process silo or on a running cluster.
/// </summary>
public sealed class BenchFarmCommand(IAnsiConsole console) : AsyncCommand<BenchFarmSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchFarmSettings settings, CancellationToken cancellationToken)
    {
        var log = ProgressLog.To(console, standardError: settings.Json);
        FarmBenchmarkResult result;
        if (settings.OnCluster)
        {
            await using var connection = await FarmConnection.ConnectAsync(settings, cancellationToken);
            var cluster = await connection.Grains.GetGrain<IClusterStatusGrain>(0).GetAsync();
            if (cluster.Slots == 0)
            {
                throw new ClusterUnreachableException("the cluster reports no live silo with slots; start silos first");
            }

            log($"cluster: {cluster.Silos.Count} silos, {cluster.Slots} slots");
            result = await new FarmBenchmark(connection.Grains, log).RunAsync(settings.Units, settings.UnitSeconds, cluster.Slots, cancellationToken);
        }
        else
        {
            // A database of its own: the benchmark's queue starts empty and its sweeps do not mix with the user's.
            var folder = Directory.CreateTempSubdirectory("dwpfarm-bench-");
            try
            {
                var slots = settings.Slots > 0 ? settings.Slots : Environment.ProcessorCount;
                await using var silo = await InProcessSilo.StartAsync(DataRoot.Resolve(settings.Data).Path, slots, Path.Combine(folder.FullName, "bench.db"), cancellationToken);
                log($"in-process silo with {slots} slots on {silo.Database}");
                result = await new FarmBenchmark(silo.Grains, log).RunAsync(settings.Units, settings.UnitSeconds, slots, cancellationToken);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(new JsonObject
            {
                ["units"] = result.Units,
                ["slots"] = result.Slots,
                ["efficiency"] = Math.Round(result.Efficiency, 4),
                ["median_sched_latency_ms"] = Math.Round(result.MedianScheduleLatencyMs, 2),
            }.ToJsonString());
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("figure", "value");
        table.AddRow("units", F(result.Units, 0));
        table.AddRow("slots", F(result.Slots, 0));
        table.AddRow("mean unit time", $"{F(result.MeanUnitSeconds, 2)} s");
        table.AddRow("ideal wall time (Σ unit time ÷ slots)", $"{F(result.IdealSeconds, 1)} s");
        table.AddRow("real wall time", $"{F(result.WallSeconds, 1)} s");
        table.AddRow("[bold]efficiency[/]", $"[bold]{F(result.Efficiency, 3)}[/]");
        table.AddRow("median scheduling latency", $"{F(result.MedianScheduleLatencyMs, 1)} ms");
        table.AddRow("p95 scheduling latency", $"{F(result.P95ScheduleLatencyMs, 1)} ms");
        console.Write(table);
        return ExitCodes.Ok;
    }

    private static string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
