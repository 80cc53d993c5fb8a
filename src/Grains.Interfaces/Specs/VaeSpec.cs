namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>Training settings of one layer's kernel VAE; the architecture follows from the kernel size.</summary>
[GenerateSerializer, Immutable, Alias("dwp.VaeSpec")]
public sealed record VaeSpec
{
    [Id(0)] public int Epochs { get; init; } = 300;

    [Id(1)] public int Batch { get; init; } = 128;

    [Id(2)] public double Lr { get; init; } = 1e-3;

    [Id(3)] public int Seed { get; init; }
}
