using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Training;
using DwpFarm.Dwp.Vae;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Vocabulary;

namespace DwpFarm.Pipeline.Plan;

/// <summary>Each unit's ML options, built from its work in one place; the runners train with exactly these.</summary>
public static class UnitOptions
{
    public static SourceTrainingOptions Source(SourceRunWork w) => Source(w.Spec, w.Seed);

    public static SourceTrainingOptions Source(SourceSpec spec, long seed) => new()
    {
        Widths = Widths(spec.Widths),
        Epochs = spec.Epochs,
        BatchSize = spec.Batch,
        LearningRate = spec.Lr,
        LrDecay = spec.LrDecay,
        ConvL2 = spec.L2,
        L2Biases = spec.L2Biases,
        Seed = seed,
    };

    /// <param name="w">The bank's work.</param>
    /// <param name="initialNorms">
    /// The expected norm of a freshly initialised kernel of each of the sources' layers, which the <c>norm</c> rule's
    /// <c>init</c> unit multiplies; null when there are no sources (an imported bank).
    /// </param>
    public static KernelBankOptions Bank(BankWork w, IReadOnlyList<double>? initialNorms = null)
    {
        var spec = w.Spec;
        var rule = spec.PruneRule;
        IReadOnlyList<KernelPruning> layers = [];
        if (rule == PruneRule.Norm)
        {
            var scale = spec.PruneUnit == PruneUnit.Init
                ? initialNorms ?? throw new ArgumentException("the init unit needs the sources' initial norms", nameof(initialNorms))
                : null;
            var cuts = spec.PruneThresholds.Count > 0 ? spec.PruneThresholds : Enumerable.Repeat(spec.PruneThreshold, scale?.Count ?? 1).ToArray();
            layers = [.. cuts.Select((cut, l) => new KernelPruning(RelativeToMedian: 0, Absolute: cut * (scale?[l] ?? 1)))];
        }

        return new()
        {
            Pruning = rule switch
            {
                PruneRule.Absolute => new KernelPruning(RelativeToMedian: 0, Absolute: spec.PruneThreshold),
                PruneRule.Top => new KernelPruning(RelativeToMedian: 0, Absolute: 0, TopFraction: spec.PruneThreshold),
                PruneRule.Norm => layers[^1],
                _ => new KernelPruning(RelativeToMedian: spec.PruneThreshold, Absolute: 0),
            },
            LayerPruning = layers,
            TestFraction = spec.TestFraction,
            Seed = w.Seed,
        };
    }

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

    public static InitMethod Method(EvaluationWork w) => SpecName.Parse<InitMethod>(w.Method);

    public static WeightPriorKind Prior(EvaluationWork w) => SpecName.Parse<WeightPriorKind>(w.Method);

    /// <summary>What of its front an evaluation draws on: its method's, or its prior's and its conv means' start.</summary>
    public static FrontInputs Inputs(EvaluationWork w) => Inputs(w.Spec, w.Method);

    /// <summary>What of its front an evaluation of <paramref name="method"/> (an initialiser, or in bayes mode a prior) draws on.</summary>
    public static FrontInputs Inputs(EvaluationSpec spec, string method) => spec.Mode == EvaluationMode.Bayes
        ? WeightPriors.Inputs(SpecName.Parse<WeightPriorKind>(method)) | Initializers.Inputs(MeanInit(spec, method))
        : Initializers.Inputs(SpecName.Parse<InitMethod>(method)) | (ScaleTo(spec) is { } reference ? Initializers.Inputs(reference) : FrontInputs.None);

    public static InitComparisonOptions Init(EvaluationWork w) => new()
    {
        Widths = Widths(w.Spec.Widths),
        TrainCount = w.TrainSize,
        BatchSize = w.Spec.Batch,
        LearningRate = w.Spec.Lr,
        Steps = w.Spec.Steps,
        EvalEvery = w.Spec.EvalEvery,
        ScaleTo = ScaleTo(w.Spec),
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
        MeanInit = MeanInit(w.Spec, w.Method),
    };

    private static InitMethod MeanInit(EvaluationSpec spec, string prior) =>
        spec.MeanInit == SpecNames.AutoMeanInit ? WeightPriors.MeanInit(SpecName.Parse<WeightPriorKind>(prior)) : SpecName.Parse<InitMethod>(spec.MeanInit);

    private static InitMethod? ScaleTo(EvaluationSpec spec) =>
        spec.ScaleTo == SpecNames.OwnScale ? null : SpecName.Parse<InitMethod>(spec.ScaleTo);

    private static FConvWidths Widths(IReadOnlyList<int> widths) => new(widths[0], widths[1]);
}
