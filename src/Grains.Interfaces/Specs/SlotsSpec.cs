namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>
/// How many slots of one silo each kind of unit holds while it runs (as Ray's <c>num_cpus</c>): a unit of n slots
/// starts only when n slots of one silo are free and runs torch with n × <see cref="ResourcesSpec.ThreadsPerSlot"/>
/// threads. Part of the spec, so a result's thread count is reproducible.
/// </summary>
[GenerateSerializer, Immutable, Alias("dwp.SlotsSpec")]
public sealed record SlotsSpec
{
    /// <summary>Slots of each source run.</summary>
    [Id(0)] public int Sources { get; init; } = 1;

    /// <summary>Slots of each front's kernel bank.</summary>
    [Id(1)] public int Bank { get; init; } = 1;

    /// <summary>Slots of the conv1 VAE.</summary>
    [Id(2)] public int Conv1 { get; init; } = 1;

    /// <summary>Slots of the conv2 VAE.</summary>
    [Id(3)] public int Conv2 { get; init; } = 1;

    /// <summary>Slots of each evaluation run.</summary>
    [Id(4)] public int Evaluations { get; init; } = 1;
}
