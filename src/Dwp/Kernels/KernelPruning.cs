using System.Globalization;

namespace DwpFarm.Dwp.Kernels;

/// <summary>
/// Which kernels count as near zero and are dropped from a bank layer: those whose L2 norm is below
/// <see cref="RelativeToMedian"/> × the layer's median norm, or below <see cref="Absolute"/>.
/// </summary>
public sealed record KernelPruning(double RelativeToMedian = 0.1, double Absolute = 0)
{
    public double Threshold(double medianNorm) => Math.Max(Absolute, RelativeToMedian * medianNorm);

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"norm < max({Absolute}, {RelativeToMedian} × median)");
}
