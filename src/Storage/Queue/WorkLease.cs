namespace DwpFarm.Storage.Queue;

/// <summary>
/// A slot's claim on a unit. <see cref="Generation"/> fences: once the lease expires and
/// another slot claims the unit, renewals and releases under the old generation fail.
/// </summary>
public sealed record WorkLease(string UnitId, string Kind, string SweepId, int Attempt, long Generation, string Owner);
