namespace DwpFarm.Dwp.Kernels;

/// <summary>
/// A set of square 2-D kernels, k×k each, stored one after another as float32: the (Cout·Cin, 1, k, k)
/// tensor of the method, flattened.
/// </summary>
public sealed record KernelSet
{
    public KernelSet(int kernelSize, float[] values)
    {
        if (kernelSize < 1 || values.Length % (kernelSize * kernelSize) != 0)
        {
            throw new DwpException($"kernels: {values.Length} values are not a whole number of {kernelSize}×{kernelSize} kernels");
        }

        KernelSize = kernelSize;
        Values = values;
    }

    public int KernelSize { get; }

    public float[] Values { get; }

    public int Area => KernelSize * KernelSize;

    public int Count => Values.Length / Area;

    public ReadOnlySpan<float> Kernel(int index) => Values.AsSpan(index * Area, Area);

    /// <summary>The L2 norm of each kernel.</summary>
    public double[] Norms()
    {
        var norms = new double[Count];
        for (var i = 0; i < norms.Length; i++)
        {
            double sum = 0;
            foreach (var v in Kernel(i))
            {
                sum += (double)v * v;
            }

            norms[i] = Math.Sqrt(sum);
        }

        return norms;
    }

    /// <summary>The kernels at the given indices, in that order.</summary>
    public KernelSet Select(IReadOnlyList<int> indices)
    {
        var values = new float[indices.Count * Area];
        for (var i = 0; i < indices.Count; i++)
        {
            Kernel(indices[i]).CopyTo(values.AsSpan(i * Area, Area));
        }

        return new KernelSet(KernelSize, values);
    }

    /// <summary>All kernels of several sets of the same size, one set after another.</summary>
    public static KernelSet Concat(IReadOnlyList<KernelSet> sets)
    {
        if (sets.Count == 0)
        {
            throw new DwpException("kernels: nothing to concatenate");
        }

        var size = sets[0].KernelSize;
        if (sets.Any(s => s.KernelSize != size))
        {
            throw new DwpException("kernels: cannot mix kernel sizes in one layer");
        }

        return new KernelSet(size, sets.SelectMany(s => s.Values).ToArray());
    }

    /// <summary>The median of the kernel norms (0 for an empty set).</summary>
    public double MedianNorm()
    {
        var norms = Norms();
        Array.Sort(norms);
        return MedianOfSorted(norms);
    }

    /// <summary>The median of ascending <paramref name="sorted"/> values; 0 for none.</summary>
    internal static double MedianOfSorted(IReadOnlyList<double> sorted)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// Mean |cosine| between two different kernels: near 1 when they are all alike (a collapsed prior), lower when
    /// they are diverse. Over the first <paramref name="limit"/> kernels, which keeps it cheap on a big bank.
    /// </summary>
    public double MeanAbsCosine(int limit = 1000)
    {
        var n = Math.Min(Count, limit);
        if (n < 2)
        {
            return double.NaN;
        }

        var norms = Norms();
        var sum = 0.0;
        for (var a = 0; a < n; a++)
        {
            var x = Kernel(a);
            for (var b = a + 1; b < n; b++)
            {
                var y = Kernel(b);
                var dot = 0.0;
                for (var i = 0; i < Area; i++)
                {
                    dot += x[i] * y[i];
                }

                var scale = norms[a] * norms[b];
                sum += scale > 0 ? Math.Abs(dot) / scale : 0;
            }
        }

        return sum / (n * (n - 1) / 2.0);
    }
}
