namespace DwpFarm.Grains.Interfaces.Cluster;

/// <summary>One line of a unit's log as `sweep logs` prints it; <see cref="Id"/> orders lines and resumes a follow.</summary>
[GenerateSerializer, Immutable, Alias("dwp.UnitLogLine")]
public sealed record UnitLogLine(
    [property: Id(0)] long Id,
    [property: Id(1)] string UnitId,
    [property: Id(2)] int Attempt,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string Silo,
    [property: Id(5)] string Level,
    [property: Id(6)] string Message);
