using DwpFarm.Grains.Interfaces.Cluster;
using DwpFarm.Storage.Queue;
using Orleans.Concurrency;

namespace DwpFarm.Grains.Cluster;

/// <summary>Answers <c>cluster status</c> from the silo heartbeats and queue counts in the database.</summary>
[StatelessWorker]
public sealed class ClusterStatusGrain(WorkQueue queue) : Grain, IClusterStatusGrain
{
    /// <summary>Silos silent for longer than this are not listed.</summary>
    public static readonly TimeSpan LiveWindow = TimeSpan.FromSeconds(30);

    public async Task<ClusterStatus> GetAsync()
    {
        var silos = await queue.LiveSilosAsync(LiveWindow);
        var stats = await queue.StatsAsync();
        return new ClusterStatus(
            [.. silos.Select(s => new SiloSlots(s.SiloId, s.Address, s.Device, s.Slots, s.BusySlots, s.HeartbeatAt))],
            stats.Waiting,
            stats.Leased);
    }
}
