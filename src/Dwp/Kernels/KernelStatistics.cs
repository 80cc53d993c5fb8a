using System.Globalization;

namespace DwpFarm.Dwp.Kernels;

/// <summary>
/// What tells a layer's trained kernels from their initial noise, measured the same way for our banks and the
/// authors': norm quantiles beside the expected norm of a freshly initialised kernel, the share of kernels that
/// training drove to near zero, and spatial smoothness (white noise scores about 0 on both measures; the authors' 7×7
/// bank 0.77 pooled and 0.58 per kernel, their 5×5 bank 0.50 and 0.28).
/// </summary>
/// <param name="Count">Kernels measured.</param>
/// <param name="InitialNorm">The expected norm of one Xavier-normal kernel of the layer (0 when unknown).</param>
/// <param name="P10">10th percentile of the kernels' L2 norms.</param>
/// <param name="Median">Median norm.</param>
/// <param name="P90">90th percentile of the norms.</param>
/// <param name="NearDead">Share of kernels whose norm is below <see cref="NearDeadFraction"/> × <see cref="InitialNorm"/> (NaN when unknown).</param>
/// <param name="Smoothness">Pearson correlation over every horizontal and vertical pair of neighbouring weights, pooled over the kernels.</param>
/// <param name="KernelAutocorrelation">The mean over kernels of each kernel's centred lag-1 autocorrelation (same pairs).</param>
/// <param name="MeanShare">
/// The share of the layer's energy (Σ‖w‖²) in its kernels' constant parts (k² × each kernel's mean, squared): 1/k² for
/// white noise, 0 for kernels that only compare pixels (edges, bars), 1 for flat blobs. It tells the oriented edges
/// of the authors' banks from blobs of one sign, which smoothness does not.
/// </param>
public sealed record KernelStatistics(
    int Count,
    double InitialNorm,
    double P10,
    double Median,
    double P90,
    double NearDead,
    double Smoothness,
    double KernelAutocorrelation,
    double MeanShare)
{
    /// <summary>A kernel shrunk below this fraction of its initial norm counts as dead: L2 has taken it.</summary>
    public const double NearDeadFraction = 0.25;

    public static KernelStatistics Of(KernelSet kernels, double initialNorm) => Of([kernels], initialNorm);

    /// <summary>The statistics of the union of <paramref name="sets"/> (one layer's kernels of many nets), without copying them into one set.</summary>
    public static KernelStatistics Of(IReadOnlyList<KernelSet> sets, double initialNorm)
    {
        var norms = sets.SelectMany(s => s.Norms()).Order().ToArray();

        // Pooled: one correlation over all neighbour pairs of all kernels.
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        long pairs = 0;
        double autocorrelationSum = 0;
        var autocorrelated = 0;
        double energy = 0, meanEnergy = 0;
        foreach (var kernels in sets)
        {
            var k = kernels.KernelSize;
            var size = k * k;
            var values = kernels.Values;
            for (var n = 0; n < kernels.Count; n++)
            {
                var kernel = values.AsSpan(n * size, size);
                double mean = 0;
                foreach (var v in kernel)
                {
                    mean += v;
                }

                mean /= size;
                double variance = 0;
                foreach (var v in kernel)
                {
                    variance += (v - mean) * (v - mean);
                }

                // ‖w‖² = k²·mean² + Σ(w − mean)².
                meanEnergy += size * mean * mean;
                energy += (size * mean * mean) + variance;

                double lagged = 0;
                var kernelPairs = 0;
                for (var r = 0; r < k; r++)
                {
                    for (var c = 0; c < k; c++)
                    {
                        double a = kernel[(r * k) + c];
                        void Pair(double b)
                        {
                            sa += a;
                            sb += b;
                            saa += a * a;
                            sbb += b * b;
                            sab += a * b;
                            pairs++;
                            lagged += (a - mean) * (b - mean);
                            kernelPairs++;
                        }

                        if (c + 1 < k)
                        {
                            Pair(kernel[(r * k) + c + 1]);
                        }

                        if (r + 1 < k)
                        {
                            Pair(kernel[((r + 1) * k) + c]);
                        }
                    }
                }

                if (variance > 0 && kernelPairs > 0)
                {
                    // The usual lag-1 autocorrelation estimate, Σ lag products ÷ Σ squares, averaged over both directions.
                    autocorrelationSum += lagged / (2 * variance);
                    autocorrelated++;
                }
            }
        }

        double smoothness = double.NaN;
        if (pairs > 1)
        {
            var cov = (sab / pairs) - ((sa / pairs) * (sb / pairs));
            var va = (saa / pairs) - ((sa / pairs) * (sa / pairs));
            var vb = (sbb / pairs) - ((sb / pairs) * (sb / pairs));
            smoothness = va > 0 && vb > 0 ? cov / Math.Sqrt(va * vb) : double.NaN;
        }

        return new KernelStatistics(
            norms.Length,
            initialNorm,
            Quantile(norms, 0.1),
            Quantile(norms, 0.5),
            Quantile(norms, 0.9),
            initialNorm > 0 && norms.Length > 0 ? (double)norms.Count(x => x < NearDeadFraction * initialNorm) / norms.Length : double.NaN,
            smoothness,
            autocorrelated > 0 ? autocorrelationSum / autocorrelated : double.NaN,
            energy > 0 ? meanEnergy / energy : double.NaN);
    }

    /// <summary>The expected L2 norm of a Xavier-normal k×k kernel of a conv layer with these channel counts: σ·k.</summary>
    public static double XavierNorm(int inChannels, int outChannels, int kernelSize)
        => Math.Sqrt(2.0 / ((inChannels + outChannels) * (double)kernelSize * kernelSize)) * kernelSize;

    /// <summary>Linear interpolation between order statistics, as numpy's default.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"norm p10/median/p90 {P10:F3}/{Median:F3}/{P90:F3} (initial {InitialNorm:F3}), near-dead {NearDead:P0}, smoothness {Smoothness:F2} (per kernel {KernelAutocorrelation:F2}), mean share {MeanShare:F2}");
}
