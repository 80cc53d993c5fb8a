namespace DwpFarm.Storage.Queue;

/// <summary>Row counts by state; <see cref="Leased"/> counts live leases only.</summary>
public sealed record QueueStats(int Queued, int Leased, int Expired, int Done, int Cancelled)
{
    /// <summary>Units waiting for a slot, including those whose lease expired.</summary>
    public int Waiting => Queued + Expired;
}
