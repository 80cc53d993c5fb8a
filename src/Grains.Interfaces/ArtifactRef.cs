namespace DwpFarm.Grains.Interfaces;

/// <summary>
/// A reference to a content-addressed artifact (checkpoint, kernels, bank, VAE weights)
/// in the farm database. Grain messages carry these, never the bytes.
/// </summary>
[GenerateSerializer, Immutable, Alias("dwp.ArtifactRef")]
public sealed record ArtifactRef(
    [property: Id(0)] string Sha256,
    [property: Id(1)] string Kind,
    [property: Id(2)] long Size)
{
    /// <summary>The unit that wrote it, so a consumer that cannot read it can say which unit re-running repairs it.</summary>
    [Id(3)] public string? Producer { get; init; }
}
