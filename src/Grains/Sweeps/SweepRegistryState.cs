using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Grains.Sweeps;

[GenerateSerializer, Alias("dwp.SweepRegistryState")]
public sealed class SweepRegistryState
{
    [Id(0)] public Dictionary<string, SweepListing> Sweeps { get; set; } = [];
}
