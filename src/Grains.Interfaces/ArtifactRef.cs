using System.Text.Json.Serialization;

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
    /// <summary>
    /// The unit that wrote it, so a consumer that cannot read it can say which unit re-running repairs it. Not in
    /// results.json: it names the sweep, and the same spec must give the same file in any sweep and in the lab.
    /// </summary>
    [Id(3), JsonIgnore] public string? Producer { get; init; }
}
