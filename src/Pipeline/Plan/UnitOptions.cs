using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Training;
using DwpFarm.Dwp.Vae;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Specs;

namespace DwpFarm.Pipeline.Plan;

/// <summary>Each unit's ML options, built from its work in one place; the runners train with exactly these.</summary>
public static class UnitOptions
{
    public static SourceTrainingOptions Source(SourceRunWork w) => new()
    {
        Widths = Widths(w.Spec.Widths),
        Epochs = w.Spec.Epochs,
        BatchSize = w.Spec.Batch,
        LearningRate = w.Spec.Lr,
        ConvL2 = w.Spec.L2,
        Seed = w.Seed,
    };

    public static KernelBankOptions Bank(BankWork w) => new()
    {
        Pruning = SpecNames.Parse<PruneRule>(w.Spec.PruneRule) switch
        {
            PruneRule.Absolute => new KernelPruning(RelativeToMedian: 0, Absolute: w.Spec.PruneThreshold),
            PruneRule.Top => new KernelPruning(RelativeToMedian: 0, Absolute: 0, TopFraction: w.Spec.PruneThreshold),
            _ => new KernelPruning(RelativeToMedian: w.Spec.PruneThreshold, Absolute: 0),
        },
        TestFraction = w.Spec.TestFraction,
        Seed = w.Seed,
    };

    /// <summary>The VAE's options for a layer with <paramref name="trainKernels"/> training kernels: whole epochs nearest above the spec's steps, at most its epochs.</summary>
    public static KernelVaeOptions Vae(VaeWork w, int trainKernels)
    {
        var epochs = w.Spec.Epochs;
        if (w.Spec.Steps > 0)
        {
            var stepsPerEpoch = Math.Max(1, (trainKernels + w.Spec.Batch - 1) / w.Spec.Batch);
            epochs = Math.Clamp((w.Spec.Steps + stepsPerEpoch - 1) / stepsPerEpoch, 1, w.Spec.Epochs);
        }

        return new KernelVaeOptions { Epochs = epochs, BatchSize = w.Spec.Batch, LearningRate = w.Spec.Lr, Seed = w.Seed };
    }

    public static InitMethod Method(EvaluationWork w) => SpecNames.Parse<InitMethod>(w.Method);

    public static WeightPriorKind Prior(EvaluationWork w) => SpecNames.Parse<WeightPriorKind>(w.Method);

    public static InitComparisonOptions Init(EvaluationWork w) => new()
    {
        Widths = Widths(w.Spec.Widths),
        TrainCount = w.TrainSize,
        BatchSize = w.Spec.Batch,
        LearningRate = w.Spec.Lr,
        Steps = w.Spec.Steps,
        EvalEvery = w.Spec.EvalEvery,
    };

    public static BayesOptions Bayes(EvaluationWork w) => new()
    {
        Widths = Widths(w.Spec.Widths),
        TrainCount = w.TrainSize,
        BatchSize = w.Spec.Batch,
        LearningRate = w.Spec.Lr,
        Steps = w.Spec.Steps,
        EnsembleSamples = w.Spec.EnsembleSamples,
        KlWeight = w.Spec.KlWeight,
        MeanInit = BayesOptions.MeanInitFor(w.Spec.MeanInit, Prior(w)),
    };

    private static FConvWidths Widths(IReadOnlyList<int> widths) => new(widths[0], widths[1]);
}
