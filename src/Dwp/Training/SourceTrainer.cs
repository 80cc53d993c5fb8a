using System.Diagnostics;
using DwpFarm.Dwp.Common;
using DwpFarm.Dwp.Images;
using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Training;

/// <summary>
/// Trains one source <see cref="FConvMnist"/>: Adam with a linearly decaying rate (per step or per epoch), L2 on the conv weights (and by default biases), seeded
/// initialisation (Xavier-normal weights as in the authors' code, see <see cref="Initializers.ApplyBase"/>) and a
/// shuffle that depends only on (seed, epoch). Synchronous: call it on a dedicated
/// slot thread. A run resumed from an epoch-end checkpoint reproduces the uninterrupted run bit for bit. The model is
/// initialised on the CPU and trains on the given device; the data moves there once.
/// </summary>
public static class SourceTrainer
{
    /// <summary>
    /// The version of what training computes. Bump it with a change that alters the weights a run gives for one set of
    /// options and data: the lab's source cache keys on <see cref="Numerics"/>, so kept nets then train again, and only then.
    /// </summary>
    public const int NumericsVersion = 2;

    private const long InitStream = 1;
    private const long ShuffleStream = 2;

    /// <summary>
    /// What decides a run's weights besides its options and data: <see cref="NumericsVersion"/>, TorchSharp's and
    /// libtorch's versions, the processor architecture and the CPU kernel caps (<see cref="CpuKernelIsa"/>).
    /// </summary>
    public static string Numerics => string.Join(
        ";",
        NumericsVersion,
        typeof(TorchSharp.torch).Assembly.GetName().Version,
        __version__,
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture,
        CpuKernelIsa.Caps);

    /// <param name="train">Training images.</param>
    /// <param name="test">Held-out images for the per-epoch test accuracy.</param>
    /// <param name="options">Settings; must equal the checkpoint's when resuming.</param>
    /// <param name="resumeFrom">An epoch-end checkpoint of the same run, or null to start afresh.</param>
    /// <param name="progress">Called after each epoch with the report and a checkpoint.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <param name="stepDone">Called after every optimiser step with the number of images it took, for live throughput.</param>
    /// <param name="device">Where the run trains; null is the CPU.</param>
    public static SourceRunResult Train(
        ImageSet train,
        ImageSet test,
        SourceTrainingOptions options,
        byte[]? resumeFrom = null,
        Action<SourceProgress>? progress = null,
        Action<int>? stepDone = null,
        Device? device = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (train.Count == 0)
        {
            throw new DwpException("source training: the training set is empty");
        }

        var stepsPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        string Where(long step) => $"epoch {(step / stepsPerEpoch) + 1} step {(step % stepsPerEpoch) + 1}";
        using var generator = new Generator((ulong)Seeds.Derive(options.Seed, InitStream));
        device ??= CPU;
        using var model = new FConvMnist(options.Widths, generator);
        Initializers.ApplyBase(model, generator);
        model.MoveTo(device);
        using var optimizer = new ScheduledAdam(model.parameters(), options.LearningRate, (long)stepsPerEpoch * options.Epochs, options.DecayEvery(stepsPerEpoch));
        var penalised = options.L2Biases ? model.ConvWeights.Concat(model.ConvBiases).ToArray() : model.ConvWeights.ToArray();
        var epochs = new List<SourceEpochReport>();

        if (resumeFrom is not null)
        {
            var checkpoint = SourceCheckpoint.Read(resumeFrom);
            if (checkpoint.Options != options)
            {
                throw new DwpException($"source checkpoint: it was made with other settings ({checkpoint.Options}) than this run ({options})");
            }

            checkpoint.LoadInto(model);
            checkpoint.LoadInto(optimizer);
            epochs.AddRange(checkpoint.Epochs);
        }

        using var trainData = new ImageTensors(train, device);
        using var testData = new ImageTensors(test, device);
        using var values = new StepValues();
        model.train();

        for (var epoch = epochs.Count + 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var order = Seeds.Permutation(train.Count, Seeds.Random(options.Seed, ShuffleStream, epoch));
            using var orderTensor = tensor(order.Select(i => (long)i).ToArray(), device: device);
            double lossSum = 0;
            long correct = 0;
            for (var s = 0; s < stepsPerEpoch; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = s * options.BatchSize;
                var length = Math.Min(options.BatchSize, train.Count - start);
                using var indices = orderTensor.narrow(0, start, length);
                var globalStep = ((long)(epoch - 1) * stepsPerEpoch) + s;
                ClassifierStep.Run(model, optimizer, globalStep, trainData, indices, penalised, options.ConvL2, values);
                stepDone?.Invoke(length);
                if (values.Due || s == stepsPerEpoch - 1)
                {
                    ClassifierStep.Read(values, "source training", ref lossSum, ref correct, Where);
                }
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var report = new SourceEpochReport(epoch, lossSum / stepsPerEpoch, (double)correct / train.Count, Accuracy.Of(model, testData), train.Count, seconds);
            epochs.Add(report);
            if (progress is not null || epoch == options.Epochs)
            {
                var bytes = SourceCheckpoint.Write(options, epochs, model, optimizer);
                progress?.Invoke(new SourceProgress(report, bytes));
                if (epoch == options.Epochs)
                {
                    return new SourceRunResult(epochs, bytes);
                }
            }
        }

        // Resumed from a checkpoint of the last epoch: nothing left to train.
        return new SourceRunResult(epochs, SourceCheckpoint.Write(options, epochs, model, optimizer));
    }
}
