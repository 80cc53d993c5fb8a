namespace DwpFarm.Storage.Queue;

/// <summary>
/// A unit of work to run on some silo's slot; the unit's grain holds everything else. <paramref name="Slots"/>: the
/// slots of one silo it holds together while it runs.
/// </summary>
public sealed record WorkItem(string UnitId, string Kind, string SweepId, int Priority = 0, int Slots = 1);
