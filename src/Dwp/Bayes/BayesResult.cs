namespace DwpFarm.Dwp.Bayes;

/// <summary>
/// The outcome of one bayes-mode run: the test accuracy of the Monte Carlo ensemble (the metric), of the
/// posterior means alone, the last step's data term and KL, and the shape of each conv layer's means.
/// </summary>
public sealed record BayesResult(
    WeightPriorKind Prior,
    int TrainCount,
    long Seed,
    double EnsembleAccuracy,
    double MeanAccuracy,
    double FinalNll,
    double FinalKl,
    string TrainSha256,
    double Seconds,
    IReadOnlyList<KernelStats> Kernels);
