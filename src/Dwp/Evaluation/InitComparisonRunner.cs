using System.Diagnostics;
using DwpFarm.Dwp.Common;
using DwpFarm.Dwp.Images;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Training;
using DwpFarm.Vocabulary;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Evaluation;

/// <summary>
/// Trains a target <see cref="FConvMnist"/> from one initialiser on N examples and records its test accuracy
/// along the way. For a given seed every method sees the same examples in the same order and the same
/// non-conv initial weights (<see cref="Initializers.ApplyBase"/>), so the curves differ only through the conv
/// kernels. Synchronous; one slot thread. Initialised on the CPU, trained on the given device (null: the CPU).
/// </summary>
public static class InitComparisonRunner
{
    private const long SubsetStream = 10;
    private const long BaseInitStream = 11;
    private const long KernelStream = 12;
    private const long ShuffleStream = 13;
    private const long ScaleStream = 14;

    public static AccuracyCurve Run(
        ImageSet trainPool,
        ImageSet test,
        InitMethod method,
        KernelPrior? prior,
        InitComparisonOptions options,
        long seed,
        Action<AccuracyPoint>? progress = null,
        Device? device = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (options.TrainCount > trainPool.Count)
        {
            throw new DwpException($"init comparison: asked for {options.TrainCount} training examples, the pool has {trainPool.Count}");
        }

        var clock = Stopwatch.StartNew();
        var subset = Seeds.Permutation(trainPool.Count, Seeds.Random(seed, SubsetStream))[..options.TrainCount];
        var train = trainPool.Subset(subset);
        using var baseInit = new Generator((ulong)Seeds.Derive(seed, BaseInitStream));
        using var kernelInit = new Generator((ulong)Seeds.Derive(seed, KernelStream));
        using var model = new FConvMnist(options.Widths, baseInit);
        Initializers.ApplyBase(model, baseInit);
        Initializers.Apply(model, method, prior, kernelInit);
        if (options.ScaleTo is { } reference)
        {
            // Its own stream, so the arm's kernels are the same draws as without the rescale.
            using var scaleInit = new Generator((ulong)Seeds.Derive(seed, ScaleStream));
            Initializers.Rescale(model, reference, prior, scaleInit);
        }

        device ??= CPU;
        model.MoveTo(device);
        using var optimizer = new ScheduledAdam(model.parameters(), options.LearningRate, decaySteps: null);
        using var trainData = new ImageTensors(train, device);
        using var testData = new ImageTensors(test, device);
        using var values = new StepValues();
        var stage = $"{SpecName.Of(method)} init comparison";
        double lossSum = 0;
        long correct = 0;
        var schedule = options.Schedule();
        var points = new List<AccuracyPoint>();

        void Record(int step)
        {
            if (schedule.Contains(step))
            {
                // A NaN stops the run before an accuracy is taken from its weights.
                ClassifierStep.Read(values, stage, ref lossSum, ref correct);
                var point = new AccuracyPoint(step, Accuracy.Of(model, testData));
                points.Add(point);
                progress?.Invoke(point);
            }
        }

        model.train();
        Record(0);
        using var batches = new EpochBatches(train.Count, Math.Min(options.BatchSize, train.Count), seed, ShuffleStream, device);
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var indices = batches.Next();
            ClassifierStep.Run(model, optimizer, step, trainData, indices, [], l2: 0, values);
            if (values.Due || step == options.Steps - 1)
            {
                ClassifierStep.Read(values, stage, ref lossSum, ref correct);
            }

            Record(step + 1);
        }

        return new AccuracyCurve(method, seed, points, train.Sha256(), clock.Elapsed.TotalSeconds);
    }
}
