namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>What one unit may use of a silo.</summary>
[GenerateSerializer, Immutable, Alias("dwp.ResourcesSpec")]
public sealed record ResourcesSpec
{
    /// <summary>Torch intra-op threads of one slot on CPU; silos size their slot pool from it.</summary>
    [Id(0)] public int ThreadsPerSlot { get; init; } = 1;

    /// <summary>Slots each kind of unit holds together on one silo; one each by default.</summary>
    [Id(1)] public SlotsSpec Slots { get; init; } = new();
}
