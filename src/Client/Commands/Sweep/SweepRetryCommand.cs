using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Sweep;

/// <summary>Re-runs only the failed units of a sweep.</summary>
public sealed class SweepRetryCommand(IAnsiConsole console) : FarmCommand<SweepIdSettings>
{
    protected override async Task<int> ExecuteAsync(IGrainFactory grains, SweepIdSettings settings, CancellationToken cancellationToken)
    {
        var (sweep, _) = await SweepLookup.RequireAsync(grains, settings.SweepId);

        var retried = await sweep.RetryFailedAsync();
        console.WriteLine(retried == 0 ? "no failed units to retry" : $"queued {retried} failed unit(s) again");
        return 0;
    }
}
