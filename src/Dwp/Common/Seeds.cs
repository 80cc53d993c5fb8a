namespace DwpFarm.Dwp.Common;

/// <summary>
/// Derives independent seeds from a run seed and a purpose, so that every random stream of a run
/// (initialisation, shuffling, subset choice, VAE noise) is fixed by the one recorded seed and
/// no two streams share a state. SplitMix64 mixing; pure and thread-safe.
/// </summary>
public static class Seeds
{
    /// <summary>A 64-bit seed mixed from a base seed and any number of parts (e.g. epoch, layer).</summary>
    public static long Derive(long seed, params ReadOnlySpan<long> parts)
    {
        var state = Mix(unchecked((ulong)seed) ^ 0x9E3779B97F4A7C15UL);
        foreach (var part in parts)
        {
            state = Mix(state ^ unchecked((ulong)part * 0xBF58476D1CE4E5B9UL));
        }

        // Torch generators take a non-negative 64-bit seed; keep 63 bits.
        return (long)(state & 0x7FFF_FFFF_FFFF_FFFFUL);
    }

    /// <summary>A <see cref="Random"/> seeded from <see cref="Derive"/>.</summary>
    public static Random Random(long seed, params ReadOnlySpan<long> parts)
        => new(unchecked((int)Derive(seed, parts)));

    /// <summary>A uniformly random permutation of 0..count-1 (Fisher–Yates).</summary>
    public static int[] Permutation(int count, Random random)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
