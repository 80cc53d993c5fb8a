namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>The DWP-versus-baselines table for one train size: accuracy at each step, per method.</summary>
[GenerateSerializer, Immutable, Alias("dwp.ComparisonTable")]
public sealed record ComparisonTable(
    [property: Id(0)] int TrainSize,
    [property: Id(1)] IReadOnlyList<int> Steps,
    [property: Id(2)] IReadOnlyDictionary<string, MethodCurve> Methods);
