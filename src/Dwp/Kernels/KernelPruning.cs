using System.Globalization;

namespace DwpFarm.Dwp.Kernels;

/// <summary>
/// Which kernels a bank layer drops: those whose L2 norm is below <see cref="RelativeToMedian"/> × the layer's
/// median norm, below <see cref="Absolute"/>, or outside the top <see cref="TopFraction"/> of the layer by norm
/// (the authors' banks keep about the top 9 % of their 7×7 kernels and 1 % of their 5×5 ones).
/// </summary>
public sealed record KernelPruning(double RelativeToMedian = 0.1, double Absolute = 0, double TopFraction = 1)
{
    /// <summary>The smallest norm a kept kernel may have, given every norm of the layer.</summary>
    public double Threshold(IReadOnlyList<double> norms)
    {
        var sorted = norms.Order().ToArray();
        if (sorted.Length == 0)
        {
            return Absolute;
        }

        var threshold = Math.Max(Absolute, RelativeToMedian * KernelSet.MedianOfSorted(sorted));
        if (TopFraction < 1)
        {
            // The norm of the last kernel in the top fraction: at least one kernel is kept.
            var keep = Math.Max(1, (int)Math.Round(TopFraction * sorted.Length));
            threshold = Math.Max(threshold, sorted[^keep]);
        }

        return threshold;
    }

    public override string ToString() => TopFraction < 1
        ? string.Create(CultureInfo.InvariantCulture, $"top {TopFraction:P1} by norm, and norm < max({Absolute}, {RelativeToMedian} × median) dropped")
        : string.Create(CultureInfo.InvariantCulture, $"norm < max({Absolute}, {RelativeToMedian} × median)");
}
