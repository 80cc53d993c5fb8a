using System.Globalization;
using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Cluster;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Cluster;

/// <summary>Silos with their slots busy and free, and the queue length.</summary>
public sealed class ClusterStatusCommand(IAnsiConsole console) : FarmCommand<JsonGatewaySettings>
{
    protected override async Task<int> ExecuteAsync(IGrainFactory grains, JsonGatewaySettings settings, CancellationToken cancellationToken)
    {
        var status = await grains.GetGrain<IClusterStatusGrain>(0).GetAsync();
        if (settings.Json)
        {
            JsonOutput.WriteLine(new { silos = status.Silos, slots = status.Slots, busy = status.Busy, queued = status.Queued, running = status.Running });
            return 0;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("silo", "address", "device", "slots", "busy", "free");
        foreach (var s in status.Silos)
        {
            table.AddRow(Markup.Escape(s.Silo), Markup.Escape(s.Address), s.Device, Str(s.Slots), Str(s.Busy), Str(s.Slots - s.Busy));
        }

        table.Caption($"{status.Silos.Count} silo(s), {status.Busy}/{status.Slots} slots busy, {status.Queued} unit(s) queued, {status.Running} running");
        console.Write(table);
        return 0;
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);
}
