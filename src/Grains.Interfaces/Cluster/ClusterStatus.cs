namespace DwpFarm.Grains.Interfaces.Cluster;

/// <summary>The farm's capacity and backlog.</summary>
[GenerateSerializer, Immutable, Alias("dwp.ClusterStatus")]
public sealed record ClusterStatus(
    [property: Id(0)] IReadOnlyList<SiloSlots> Silos,
    [property: Id(1)] int Queued,
    [property: Id(2)] int Running)
{
    public int Slots => Silos.Sum(s => s.Slots);

    public int Busy => Silos.Sum(s => s.Busy);
}
