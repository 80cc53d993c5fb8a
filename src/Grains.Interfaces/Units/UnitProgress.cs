namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>A running unit's progress, as the slot last reported it.</summary>
[GenerateSerializer, Immutable, Alias("dwp.UnitProgress")]
public sealed record UnitProgress(
    [property: Id(0)] long Done,
    [property: Id(1)] long Total,
    [property: Id(2)] double SamplesPerSecond,
    [property: Id(3)] string Message);
