using DwpFarm.Dwp.Models;

namespace DwpFarm.Dwp.Training;

/// <summary>Settings of one source run. The net's size and length have no default: a sweep spec gives them.</summary>
public sealed record SourceTrainingOptions
{
    public required FConvWidths Widths { get; init; }

    public required int Epochs { get; init; }

    public int BatchSize { get; init; } = 256;

    /// <summary>Adam's initial rate; it falls linearly towards 0 over the run (see <see cref="LrDecay"/>).</summary>
    public double LearningRate { get; init; } = 1e-3;

    public LearningRateDecay LrDecay { get; init; } = LearningRateDecay.Step;

    /// <summary>Weight of Σp² over the conv weights (and, with <see cref="L2Biases"/>, the conv biases), added to the loss.</summary>
    public double ConvL2 { get; init; } = 1e-3;

    /// <summary>
    /// Whether the L2 term covers the conv biases too, as the DWP authors' does (over <c>net.features.parameters()</c>).
    /// A bias the data does not need then decays with its kernel, so a dead kernel is dead, not a constant.
    /// </summary>
    public bool L2Biases { get; init; } = true;

    public long Seed { get; init; }

    /// <summary>The steps between two changes of the rate, for a run of <paramref name="stepsPerEpoch"/> steps an epoch.</summary>
    public long DecayEvery(int stepsPerEpoch) => LrDecay == LearningRateDecay.Epoch ? stepsPerEpoch : 1;

    /// <summary>The rate of the first step of epoch <paramref name="epoch"/> (1-based), as the trainer's optimiser sets it.</summary>
    public double RateOfEpoch(int epoch, int stepsPerEpoch)
        => Torch.ScheduledAdam.Rate(LearningRate, (long)stepsPerEpoch * Epochs, DecayEvery(stepsPerEpoch), (long)(epoch - 1) * stepsPerEpoch);

    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new DwpException($"source training: epochs must be at least 1, got {Epochs}");
        }

        if (BatchSize < 1)
        {
            throw new DwpException($"source training: batch size must be at least 1, got {BatchSize}");
        }

        if (ConvL2 < 0 || double.IsNaN(ConvL2))
        {
            throw new DwpException($"source training: conv L2 must be non-negative, got {ConvL2}");
        }

        if (LearningRate < 0)
        {
            throw new DwpException($"source training: learning rate must be non-negative, got {LearningRate}");
        }
    }
}
