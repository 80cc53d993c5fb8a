using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;

namespace DwpFarm.Farm.Tests;

internal static class SweepSpecs
{
    /// <summary>2 source runs, 2 methods × 1 size × 2 seeds: 9 units in all.</summary>
    public static SweepSpec Small(string name = "small") => new()
    {
        Name = name,
        Source = new SourceSpec { Count = 2, Widths = [4, 8], Epochs = 1 },
        Bank = TinyBank,
        Prior = SweepSpecs.UngatedPrior(1, 1),
        Evaluation = new EvaluationSpec { TrainSizes = [100], Methods = [InitMethod.Dwp, InitMethod.Xavier], Seeds = 2, Steps = 10, EvalEvery = 5 },
    };

    /// <summary>As <see cref="Small"/> in bayes mode: 2 priors (dwp, sn) × 1 size × 2 seeds.</summary>
    public static SweepSpec SmallBayes(string name = "bayes") => Small(name) with
    {
        Evaluation = new EvaluationSpec { Mode = EvaluationMode.Bayes, TrainSizes = [100], Priors = [WeightPriorKind.Dwp, WeightPriorKind.Sn], Seeds = 2, Steps = 10 },
    };

    /// <summary>Two real source nets of one epoch on 60 letters a class: the smallest front the ML trains in seconds.</summary>
    public static SourceSpec TinySource { get; } = new() { ImagesPerClass = 60, TestImages = 100, Count = 2, Widths = [4, 8], Epochs = 1, Batch = 64 };

    /// <summary>
    /// A bank of sources with a few kernels each: the default keeps each layer's top 10 % by norm, which of conv1's 8 is
    /// one; the relative rule keeps nearly all, so the VAEs have kernels to fit and to hold out.
    /// </summary>
    public static BankSpec TinyBank { get; } = new() { PruneRule = PruneRule.Relative };

    /// <summary>
    /// VAEs of a few epochs, one start each, that cannot pass the quality gates, which are therefore measured but not
    /// enforced: these specs test the farm, not the prior (PriorGateTests tests the gates).
    /// </summary>
    public static PriorSpec UngatedPrior(int conv1Epochs, int conv2Epochs) => new()
    {
        Gates = false,
        Conv1 = new VaeSpec { Epochs = conv1Epochs, Restarts = 1 },
        Conv2 = new VaeSpec { Epochs = conv2Epochs, Restarts = 1 },
    };
}
