namespace DwpFarm.Dwp.Lab;

/// <summary>Mean and sample standard deviation of one method's test accuracy at each step over N seeds.</summary>
public sealed record MethodSummary(IReadOnlyList<int> Steps, IReadOnlyList<double> Mean, IReadOnlyList<double> Std, int N)
{
    /// <summary>Standard error of the mean at step index <paramref name="index"/>.</summary>
    public double StandardError(int index) => N > 0 ? Std[index] / Math.Sqrt(N) : double.NaN;

    public static MethodSummary Of(IReadOnlyList<int> steps, IReadOnlyList<IReadOnlyList<double>> curves)
    {
        var n = curves.Count;
        var mean = new double[steps.Count];
        var std = new double[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            (mean[i], std[i]) = SampleStats.MeanStd(curves.Select(c => c[i]).ToArray());
        }

        return new MethodSummary(steps, mean, std, n);
    }
}
