namespace DwpFarm.Imaging;

/// <summary>
/// One series of a <see cref="LineChart"/>: mean values with an optional ± half-width (<paramref name="Band"/>), drawn in
/// <paramref name="Style"/>. Series with the same <paramref name="Colour"/> index share a colour; null takes the next one.
/// </summary>
public sealed record ChartSeries(
    string Label,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Mean,
    IReadOnlyList<double>? Band = null,
    SeriesStyle Style = SeriesStyle.Band,
    int? Colour = null);
