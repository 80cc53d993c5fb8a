namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>One problem with a sweep spec, located by its field path (<c>evaluation.trainSizes[2]</c>).</summary>
[GenerateSerializer, Immutable, Alias("dwp.SpecError")]
public sealed record SpecError([property: Id(0)] string Path, [property: Id(1)] string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
