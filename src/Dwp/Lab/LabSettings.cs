using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;

namespace DwpFarm.Dwp.Lab;

/// <summary>
/// Everything that fixes an init-comparison lab run. The defaults are scaled down from the paper so that the
/// whole pipeline fits in minutes on two CPU cores; they are recorded with every result.
/// </summary>
public sealed record LabSettings
{
    /// <summary>S: source nets trained on the letters.</summary>
    public int Sources { get; init; } = 4;

    public FConvWidths SourceWidths { get; init; } = new(32, 64);

    public int SourceEpochs { get; init; } = 3;

    public int SourceBatchSize { get; init; } = 256;

    public KernelPruning Pruning { get; init; } = new();

    public double BankTestFraction { get; init; } = 0.1;

    /// <summary>
    /// Optimiser steps each VAE aims for: a layer with few kernels gets more epochs (at most <see cref="VaeEpochs"/>),
    /// a layer with many gets fewer (at least one).
    /// </summary>
    public int VaeSteps { get; init; } = 600;

    /// <summary>Upper bound on VAE epochs (the paper's 300).</summary>
    public int VaeEpochs { get; init; } = 300;

    public int VaeBatchSize { get; init; } = 128;

    /// <summary>R: target runs per method, seeds Seed+0 … Seed+R−1.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>
    /// The target runs. Adam at 1e-4 rather than the authors' 1e-3: with our small, briefly trained sources the
    /// kernels carry less structure than the paper's, and at 1e-3 every initialisation is overwritten within
    /// ~50 steps (measured: DWP 0.84 vs Xavier 0.86 at step 50). At 1e-4 the starting kernels still matter at
    /// steps 50 and 100, which is what the comparison is about.
    /// </summary>
    public InitComparisonOptions Target { get; init; } = new()
    {
        TrainCount = 1000,
        BatchSize = 32,
        LearningRate = 1e-4,
        Steps = 500,
        EvalSteps = [0, 50, 100, 200, 500],
    };

    /// <summary>Base seed of the whole lab run (sources, bank split, VAEs, targets).</summary>
    public long Seed { get; init; }

    /// <summary>Concurrent training slots; each runs on its own thread.</summary>
    public int Slots { get; init; } = Environment.ProcessorCount;

    /// <summary>torch intra-op threads of each slot.</summary>
    public int ThreadsPerSlot { get; init; } = 1;

    /// <summary>The front in words, as the lab commands log it: "4 sources 32x64 × 3 epochs, VAEs ~600 steps".</summary>
    public string DescribeFront() => $"{Sources} sources {SourceWidths} × {SourceEpochs} epochs, VAEs ~{VaeSteps} steps";

    /// <summary>Epochs of the VAE of a layer with <paramref name="kernels"/> training kernels.</summary>
    public int VaeEpochsFor(int kernels)
    {
        var stepsPerEpoch = Math.Max(1, (kernels + VaeBatchSize - 1) / VaeBatchSize);
        return Math.Clamp((VaeSteps + stepsPerEpoch - 1) / stepsPerEpoch, 1, VaeEpochs);
    }

    public void Validate()
    {
        if (Sources < 1 || Repeats < 1 || SourceEpochs < 1 || VaeEpochs < 1 || VaeSteps < 1 || VaeBatchSize < 1)
        {
            throw new DwpException($"lab: sources, seeds, source epochs and VAE epochs must be at least 1 (got {Sources}, {Repeats}, {SourceEpochs}, {VaeEpochs})");
        }

        Target.Validate();
    }
}
