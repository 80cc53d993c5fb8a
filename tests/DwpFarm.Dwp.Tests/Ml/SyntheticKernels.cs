using DwpFarm.Dwp.Kernels;

namespace DwpFarm.Dwp.Tests.Ml;

/// <summary>
/// Structured k×k kernels: oriented edges with random angle, scale and a little noise, like trained
/// first-layer filters. Their pixels are strongly correlated, so a VAE can compress them.
/// </summary>
internal static class SyntheticKernels
{
    /// <param name="count">Kernels to make.</param>
    /// <param name="size">Their side.</param>
    /// <param name="seed">Seed of the angles, amplitudes and noise.</param>
    /// <param name="scale">The edges' amplitude.</param>
    /// <param name="noise">The pixel noise's width, as a fraction of <paramref name="scale"/>: trained kernels are never
    /// exactly on a 2-parameter family, and a full-covariance Gaussian of ones that are has near-zero variances.</param>
    public static KernelSet Make(int count, int size, int seed, double scale = 0.2, double noise = 0.01)
    {
        var random = new Random(seed);
        var values = new float[count * size * size];
        var centre = (size - 1) / 2.0;
        for (var n = 0; n < count; n++)
        {
            var angle = random.NextDouble() * Math.PI;
            var amplitude = scale * (0.5 + random.NextDouble());
            for (var r = 0; r < size; r++)
            {
                for (var c = 0; c < size; c++)
                {
                    var d = ((c - centre) * Math.Cos(angle)) + ((r - centre) * Math.Sin(angle));
                    values[(n * size * size) + (r * size) + c] = (float)((amplitude * Math.Tanh(d)) + (noise * scale * (random.NextDouble() - 0.5)));
                }
            }
        }

        return new KernelSet(size, values);
    }
}
