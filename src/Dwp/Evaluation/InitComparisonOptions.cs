using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Models;

namespace DwpFarm.Dwp.Evaluation;

/// <summary>Settings of one init-comparison training run of a target net.</summary>
public sealed record InitComparisonOptions
{
    public FConvWidths Widths { get; init; } = FConvWidths.Target;

    /// <summary>N: training examples drawn (by seed) from the training pool.</summary>
    public int TrainCount { get; init; } = 1000;

    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's rate, constant over the run.</summary>
    public double LearningRate { get; init; } = 1e-3;

    public int Steps { get; init; } = 500;

    /// <summary>
    /// When set, each conv layer is scaled as a whole to the norm this method draws for it (<see cref="Initializers.Rescale"/>),
    /// so arms compare in structure at one scale; null keeps each method's own scale.
    /// </summary>
    public InitMethod? ScaleTo { get; init; }

    /// <summary>K: test accuracy is recorded at step 0 and every K steps, unless <see cref="EvalSteps"/> is given.</summary>
    public int EvalEvery { get; init; } = 50;

    /// <summary>Explicit steps at which to record test accuracy; overrides <see cref="EvalEvery"/>.</summary>
    public IReadOnlyList<int>? EvalSteps { get; init; }

    /// <summary>The steps at which accuracy is recorded, ascending, within [0, <see cref="Steps"/>].</summary>
    public IReadOnlyList<int> Schedule()
    {
        var steps = EvalSteps ?? Enumerable.Range(0, (Steps / Math.Max(1, EvalEvery)) + 1).Select(i => i * EvalEvery).ToArray();
        return steps.Where(s => s >= 0 && s <= Steps).Distinct().Order().ToArray();
    }

    public void Validate()
    {
        if (TrainCount < 1 || BatchSize < 1 || Steps < 0 || EvalEvery < 1)
        {
            throw new DwpException($"init comparison: train count, batch size and eval interval must be positive and steps non-negative (got {TrainCount}, {BatchSize}, {EvalEvery}, {Steps})");
        }

        if (LearningRate < 0)
        {
            throw new DwpException($"init comparison: learning rate must be non-negative, got {LearningRate}");
        }
    }
}
