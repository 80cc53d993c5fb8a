using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Sweep;

public sealed class SweepCancelCommand(IAnsiConsole console) : FarmCommand<SweepIdSettings>
{
    protected override async Task<int> ExecuteAsync(IGrainFactory grains, SweepIdSettings settings, CancellationToken cancellationToken)
    {
        var (sweep, _) = await SweepLookup.RequireAsync(grains, settings.SweepId);

        console.WriteLine(SweepStatusView.Line(await sweep.CancelAsync()));
        return 0;
    }
}
