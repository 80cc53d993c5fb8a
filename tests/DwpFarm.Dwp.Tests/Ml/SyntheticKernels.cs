using DwpFarm.Dwp.Kernels;

namespace DwpFarm.Dwp.Tests.Ml;

/// <summary>
/// Structured k×k kernels: oriented edges with random angle, scale and a little noise, like trained
/// first-layer filters. Their pixels are strongly correlated, so a VAE can compress them.
/// </summary>
internal static class SyntheticKernels
{
    public static KernelSet Make(int count, int size, int seed, double scale = 0.2)
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
                    values[(n * size * size) + (r * size) + c] = (float)((amplitude * Math.Tanh(d)) + (0.01 * scale * (random.NextDouble() - 0.5)));
                }
            }
        }

        return new KernelSet(size, values);
    }
}
