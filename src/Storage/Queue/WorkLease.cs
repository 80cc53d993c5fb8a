namespace DwpFarm.Storage.Queue;

/// <summary>
/// A slot's claim on a unit. <see cref="Generation"/> fences: once the lease expires and
/// another slot claims the unit, renewals and releases under the old generation fail.
/// <see cref="Slots"/> is how many slots of the claiming silo the unit holds together.
/// </summary>
public sealed record WorkLease(string UnitId, string Kind, string SweepId, int Attempt, long Generation, string Owner, int Slots = 1);
