namespace DwpFarm.Storage.Logs;

/// <summary>One stored line of a unit's log; <paramref name="Id"/> grows with every line in the database.</summary>
public sealed record UnitLogEntry(long Id, string UnitId, int Attempt, DateTimeOffset At, string Silo, UnitLogLevel Level, string Message);
