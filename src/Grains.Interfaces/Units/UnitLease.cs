namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>A slot's claim on a unit: which attempt, under which queue generation, on which silo.</summary>
[GenerateSerializer, Immutable, Alias("dwp.UnitLease")]
public sealed record UnitLease(
    [property: Id(0)] long Generation,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Silo);
