using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Models;
using DwpFarm.Vocabulary;

namespace DwpFarm.Dwp.Bayes;

/// <summary>Settings of one bayes-mode training run of a target net.</summary>
public sealed record BayesOptions
{
    public FConvWidths Widths { get; init; } = FConvWidths.Target;

    /// <summary>N: training examples drawn (by seed) from the training pool.</summary>
    public int TrainCount { get; init; } = 100;

    /// <summary>Batch size, capped at N.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam's initial rate; it falls linearly to 0 over <see cref="Steps"/>.</summary>
    public double LearningRate { get; init; } = 1e-3;

    public int Steps { get; init; } = 1000;

    /// <summary>Weight samples in the Monte Carlo ensemble that is scored (the authors': 10).</summary>
    public int EnsembleSamples { get; init; } = 10;

    /// <summary>
    /// Factor on the KL term: 1 is the method (the variational bound). Other values are for diagnosing a prior
    /// (how much its pull, rather than the data, decides the result); they are recorded with every result.
    /// </summary>
    public double KlWeight { get; init; } = 1;

    /// <summary>How the conv means start: one of <see cref="MeanInits"/> (<see cref="WeightPriors.MeanInit"/> is the authors' choice per prior).</summary>
    public InitMethod MeanInit { get; init; } = InitMethod.Xavier;

    /// <summary>The initialisations the conv means can start from: Xavier, or any method that draws kernels from a front.</summary>
    public static IReadOnlyList<InitMethod> MeanInits { get; } =
        [.. Enum.GetValues<InitMethod>().Where(m => m == InitMethod.Xavier || Initializers.Inputs(m) != FrontInputs.None)];

    public void Validate()
    {
        if (TrainCount < 1 || BatchSize < 1 || Steps < 1 || EnsembleSamples < 1)
        {
            throw new DwpException($"bayes: train count, batch size, steps and ensemble samples must be positive (got {TrainCount}, {BatchSize}, {Steps}, {EnsembleSamples})");
        }

        if (!(KlWeight >= 0) || !double.IsFinite(KlWeight))
        {
            throw new DwpException($"bayes: the KL weight must be finite and >= 0, got {KlWeight}");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new DwpException($"bayes: learning rate must be positive, got {LearningRate}");
        }

        if (!MeanInits.Contains(MeanInit))
        {
            throw new DwpException($"bayes: the conv means start from {string.Join(" or ", MeanInits.Select(m => SpecName.Of(m)))}, not {SpecName.Of(MeanInit)}");
        }
    }
}
