namespace DwpFarm.Imaging;

/// <summary>How a <see cref="ChartSeries"/> is drawn.</summary>
public enum SeriesStyle
{
    /// <summary>A line through the means with a translucent ±band (a curve over steps).</summary>
    Band,

    /// <summary>Markers with ±error bars and no line (separate measurements, such as one per train size).</summary>
    ErrorBars,

    /// <summary>Open markers only (reference values, such as the paper's).</summary>
    Markers,
}
