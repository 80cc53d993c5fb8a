namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>One VAE per conv layer: conv1 learns 7×7 kernels (z=2), conv2 5×5 kernels (z=4).</summary>
[GenerateSerializer, Immutable, Alias("dwp.PriorSpec")]
public sealed record PriorSpec
{
    [Id(0)] public VaeSpec Conv1 { get; init; } = new();

    [Id(1)] public VaeSpec Conv2 { get; init; } = new();
}
