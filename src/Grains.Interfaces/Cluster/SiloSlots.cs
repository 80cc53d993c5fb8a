namespace DwpFarm.Grains.Interfaces.Cluster;

/// <summary>One silo's slots as its last heartbeat reported them.</summary>
[GenerateSerializer, Immutable, Alias("dwp.SiloSlots")]
public sealed record SiloSlots(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Address,
    [property: Id(2)] string Device,
    [property: Id(3)] int Slots,
    [property: Id(4)] int Busy,
    [property: Id(5)] DateTimeOffset HeartbeatAt);
