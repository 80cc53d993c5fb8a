using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Client.Commands.Sweep;

/// <summary>Live progress per phase until the sweep finishes; exits 0 only if it completed without a failed unit.</summary>
public sealed class SweepWatchCommand(SweepWatcher watcher) : FarmCommand<SweepIdSettings>
{
    protected override async Task<int> ExecuteAsync(IGrainFactory grains, SweepIdSettings settings, CancellationToken cancellationToken)
    {
        await SweepLookup.RequireAsync(grains, settings.SweepId);

        var status = await watcher.WatchAsync(grains, settings.SweepId, cancellationToken);
        return SweepOutcome.ExitCode(status);
    }
}
