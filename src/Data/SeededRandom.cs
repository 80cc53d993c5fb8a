namespace DwpFarm.Data;

/// <summary>
/// A SplitMix64 generator keyed by a tuple of integers, e.g. (seed, class, index).
/// </summary>
/// <remarks>
/// Not <see cref="Random"/>: its seeded sequence is a runtime implementation detail, and the data
/// fingerprints recorded with results must not move when .NET does. Keying by a tuple lets every
/// image draw its own stream, so images can be made in any order or in parallel.
/// </remarks>
internal sealed class SeededRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    public SeededRandom(params ReadOnlySpan<long> keys)
    {
        var state = Golden;
        foreach (var key in keys)
        {
            state = Mix(state ^ unchecked((ulong)key)) + Golden;
        }

        _state = state;
    }

    public ulong NextUInt64()
    {
        _state += Golden;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);
    }

    /// <summary>Fisher–Yates, in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
