using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Sweep;

/// <summary>Re-runs the failed units of a sweep, and the producers of any artifact they could not read.</summary>
public sealed class SweepRetryCommand(IAnsiConsole console) : FarmCommand<SweepIdSettings>
{
    protected override async Task<int> ExecuteAsync(IGrainFactory grains, SweepIdSettings settings, CancellationToken cancellationToken)
    {
        var (sweep, _) = await SweepLookup.RequireAsync(grains, settings.SweepId);

        var retry = await sweep.RetryFailedAsync();
        if (retry.Nothing)
        {
            console.WriteLine("no failed units to retry");
            return 0;
        }

        console.WriteLine($"queued {retry.Failed} failed unit(s) again");
        if (retry.Producers.Count > 0)
        {
            console.WriteLine($"re-running {string.Join(", ", retry.Producers)} to rewrite the artifact(s) that could not be read, and {retry.Downstream} completed unit(s) built on them");
        }

        return 0;
    }
}
