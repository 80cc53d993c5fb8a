namespace DwpFarm.Pipeline.Statistics;

/// <summary>One method's test accuracy over seeds, one <see cref="Summary"/> per step of its table.</summary>
public sealed record MethodCurve(IReadOnlyList<Summary> Points)
{
    /// <summary>Seeds behind the curve.</summary>
    public int N => Points.Count > 0 ? Points.Min(p => p.N) : 0;

    public IReadOnlyList<double> Mean => [.. Points.Select(p => p.Mean)];

    public IReadOnlyList<double> Std => [.. Points.Select(p => p.Std)];
}
