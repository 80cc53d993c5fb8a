namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>Mean and standard deviation of test accuracy across seeds, per step.</summary>
[GenerateSerializer, Immutable, Alias("dwp.MethodCurve")]
public sealed record MethodCurve(
    [property: Id(0)] IReadOnlyList<double> Mean,
    [property: Id(1)] IReadOnlyList<double> Std,
    [property: Id(2)] int N);
