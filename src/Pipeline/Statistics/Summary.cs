namespace DwpFarm.Pipeline.Statistics;

/// <summary>Mean, sample standard deviation (n − 1; 0 for one value) and count of one cell: a method at a step, or a prior at a size.</summary>
public sealed record Summary(double Mean, double Std, int N)
{
    /// <summary>Standard error of the mean.</summary>
    public double StandardError => N > 0 ? Std / Math.Sqrt(N) : double.NaN;

    public static Summary Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new Summary(double.NaN, double.NaN, 0);
        }

        var mean = values.Average();
        var std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return new Summary(mean, std, values.Count);
    }
}
