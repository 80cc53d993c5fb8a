using DwpFarm.Grains.Cluster;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Storage.Queue;

namespace DwpFarm.Grains.Sweeps;

/// <summary>
/// Refuses at submit a sweep with a unit that holds more slots than any live silo has, since no slot loop would ever
/// claim it. With no silo known live yet (a cluster starting) the sweep is accepted: its units wait for one.
/// </summary>
internal static class SweepSlotCheck
{
    public static async Task RequireAsync(SweepSpec spec, WorkQueue queue)
    {
        var silos = await queue.LiveSilosAsync(ClusterStatusGrain.LiveWindow);
        if (silos.Count > 0 && UnitSlots.TooLarge(spec, silos.Max(s => s.Slots), silos.Count == 1 ? "the one live silo" : "the largest live silo") is { } problem)
        {
            throw new ArgumentException($"invalid spec: {problem}", nameof(spec));
        }
    }
}
