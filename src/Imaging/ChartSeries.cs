namespace DwpFarm.Imaging;

/// <summary>One line of a <see cref="LineChart"/>: mean values with an optional ±band.</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Mean, IReadOnlyList<double>? Band = null);
