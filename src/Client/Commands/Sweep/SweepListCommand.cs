using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Sweep;

/// <summary>All sweeps, newest state of each: a table, or one JSON array for scripts.</summary>
public sealed class SweepListCommand(IAnsiConsole console) : FarmCommand<JsonGatewaySettings>
{
    protected override async Task<int> ExecuteAsync(IGrainFactory grains, JsonGatewaySettings settings, CancellationToken cancellationToken)
    {
        var sweeps = await grains.GetGrain<ISweepRegistryGrain>(0).ListAsync();
        if (settings.Json)
        {
            JsonOutput.WriteLine(sweeps);
            return 0;
        }

        if (sweeps.Count == 0)
        {
            console.WriteLine("no sweeps yet (start one with `dwpfarm sweep submit SPEC`)");
            return 0;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("id", "name", "phase", "submitted (UTC)");
        foreach (var s in sweeps)
        {
            table.AddRow(Markup.Escape(s.SweepId), Markup.Escape(s.Name), s.Phase.ToString(), s.SubmittedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(table);
        return 0;
    }
}
