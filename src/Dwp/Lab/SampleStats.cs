namespace DwpFarm.Dwp.Lab;

/// <summary>Mean and sample standard deviation (n − 1; 0 for a single value).</summary>
public static class SampleStats
{
    public static (double Mean, double Std) MeanStd(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        var mean = values.Average();
        var std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return (mean, std);
    }
}
