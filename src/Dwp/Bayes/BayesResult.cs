namespace DwpFarm.Dwp.Bayes;

/// <summary>
/// The outcome of one bayes-mode run: the test accuracy of the Monte Carlo ensemble (the metric), of the
/// posterior means alone, and the last step's data term and KL.
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
    double Seconds);
