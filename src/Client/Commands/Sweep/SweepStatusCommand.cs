using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Sweep;

public sealed class SweepStatusCommand(IAnsiConsole console) : FarmCommand<SweepStatusSettings>
{
    protected override async Task<int> ExecuteAsync(IGrainFactory grains, SweepStatusSettings settings, CancellationToken cancellationToken)
    {
        var (_, status) = await SweepLookup.RequireAsync(grains, settings.SweepId);

        if (settings.Json)
        {
            JsonOutput.WriteLine(status);
        }
        else
        {
            console.Write(SweepStatusView.Table(status));
        }

        return 0;
    }
}
