using DwpFarm.Client.Commands.Sweep;
using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Client.Farm;

internal static class SweepLookup
{
    /// <summary>The sweep's grain and status, or a clear error when no sweep has this id.</summary>
    public static async Task<(ISweepGrain Sweep, SweepStatus Status)> RequireAsync(IGrainFactory grains, string sweepId)
    {
        var sweep = grains.GetGrain<ISweepGrain>(sweepId);
        var status = await sweep.GetStatusAsync();

        // An unknown key activates an empty sweep, which has no name.
        return status.Name.Length == 0 ? throw new SweepNotFoundException(sweepId) : (sweep, status);
    }
}
