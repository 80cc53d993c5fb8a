namespace DwpFarm.Dwp.Lab;

/// <summary>Mean and sample standard deviation of the ensemble test accuracy of one (prior, size) cell over N seeds.</summary>
public sealed record FewShotCell(double Mean, double Std, int N)
{
    public double StandardError => N > 0 ? Std / Math.Sqrt(N) : double.NaN;

    public static FewShotCell Of(IReadOnlyList<double> values)
    {
        var (mean, std) = SampleStats.MeanStd(values);
        return new FewShotCell(mean, std, values.Count);
    }
}
