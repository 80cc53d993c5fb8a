namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>One line of <c>sweep list</c>.</summary>
[GenerateSerializer, Immutable, Alias("dwp.SweepListing")]
public sealed record SweepListing(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string Name,
    [property: Id(2)] SweepPhase Phase,
    [property: Id(3)] DateTimeOffset SubmittedAt);
