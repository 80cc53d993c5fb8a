using DwpFarm.Dwp;

namespace DwpFarm.Data.PyTorch;

/// <summary>Element counts of stored shapes, where a crafted or corrupt shape must not wrap into a plausible count.</summary>
internal static class Sizes
{
    /// <summary>Most float32 values one array may hold here (one .NET array).</summary>
    private const long MaxValues = int.MaxValue;

    public static long Product(IEnumerable<long> shape, string what)
    {
        var count = 1L;
        foreach (var size in shape)
        {
            if (size < 0 || (size > 0 && count > MaxValues / size))
            {
                throw new DwpException($"{what}: shape ({string.Join(", ", shape)}) is too large to hold");
            }

            count *= size;
        }

        return count;
    }
}
