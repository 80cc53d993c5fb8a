namespace DwpFarm.Storage.Queue;

/// <summary>One silo's slots as last reported by its heartbeat.</summary>
public sealed record SiloCapacity(string SiloId, string Address, int Slots, int BusySlots, string Device, DateTimeOffset HeartbeatAt);
