using DwpFarm.Dwp.Images;
namespace DwpFarm.Data;

/// <summary>Deterministic train/test splits.</summary>
public static class DataSplit
{
    /// <summary>
    /// Sends <paramref name="testCount"/> images to the test set, each class in proportion to its size
    /// (largest remainder, ties to the lower class), chosen by a shuffle keyed by (seed, class).
    /// Both halves keep the original order of the images.
    /// </summary>
    public static (ImageSet Train, ImageSet Test) Stratified(ImageSet set, int testCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(testCount, set.Count);

        var byClass = new List<int>[set.ClassNames.Count];
        for (var c = 0; c < byClass.Length; c++)
        {
            byClass[c] = [];
        }

        for (var i = 0; i < set.Count; i++)
        {
            byClass[set.Labels[i]].Add(i);
        }

        var quotas = Quotas(byClass.Select(list => list.Count).ToArray(), testCount);
        var train = new List<int>(set.Count - testCount);
        var test = new List<int>(testCount);
        for (var c = 0; c < byClass.Length; c++)
        {
            var members = byClass[c].ToArray();
            new SeededRandom(seed, c).Shuffle(members.AsSpan());
            test.AddRange(members.AsSpan(0, quotas[c]));
            train.AddRange(members.AsSpan(quotas[c]));
        }

        train.Sort();
        test.Sort();
        return (set.Subset(train), set.Subset(test));
    }

    /// <summary>Largest-remainder apportionment of <paramref name="total"/> over the class sizes.</summary>
    internal static int[] Quotas(int[] classSizes, int total)
    {
        long all = classSizes.Sum();
        var quotas = new int[classSizes.Length];
        var remainders = new long[classSizes.Length];
        var given = 0;
        for (var c = 0; c < classSizes.Length; c++)
        {
            var exact = (long)classSizes[c] * total;
            quotas[c] = all == 0 ? 0 : (int)(exact / all);
            remainders[c] = all == 0 ? 0 : exact % all;
            given += quotas[c];
        }

        var order = Enumerable.Range(0, classSizes.Length).OrderByDescending(c => remainders[c]).ThenBy(c => c);
        foreach (var c in order.Take(total - given))
        {
            quotas[c]++;
        }

        return quotas;
    }
}
