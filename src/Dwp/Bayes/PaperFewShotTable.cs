namespace DwpFarm.Dwp.Bayes;

/// <summary>
/// The authors' few-shot table (Atanov et al., 2019): MNIST test accuracy of the 10-sample ensemble after
/// variational training on N examples, per prior. Reference numbers to set measurements beside.
/// </summary>
public static class PaperFewShotTable
{
    public static readonly IReadOnlyList<int> Sizes = [50, 100, 200, 500, 1000];

    private static readonly Dictionary<WeightPriorKind, double[]> Accuracy = new()
    {
        [WeightPriorKind.Dwp] = [0.800, 0.867, 0.915, 0.945, 0.961],
        [WeightPriorKind.LogUniform] = [0.766, 0.839, 0.894, 0.938, 0.958],
        [WeightPriorKind.Sn] = [0.717, 0.816, 0.890, 0.938, 0.959],
    };

    /// <summary>The authors' accuracy for (prior, N), or null where their table has no such N.</summary>
    public static double? Lookup(WeightPriorKind prior, int trainSize)
    {
        var i = Sizes.ToList().IndexOf(trainSize);
        return i >= 0 && Accuracy.TryGetValue(prior, out var row) ? row[i] : null;
    }
}
