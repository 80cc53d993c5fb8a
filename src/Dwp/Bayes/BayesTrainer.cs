using System.Diagnostics;
using DwpFarm.Dwp.Common;
using DwpFarm.Dwp.Images;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Training;
using DwpFarm.Vocabulary;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Bayes;

/// <summary>
/// Variational training of a <see cref="BayesFConvMnist"/> on N examples under one prior, scored by the test
/// accuracy of a Monte Carlo ensemble. Per step: loss = Σ cross-entropy over the batch × N/batch + Σ_layers KL,
/// Adam with the rate falling linearly to 0. For a given seed every prior sees the same examples, batch order,
/// initial weights and noise streams. Synchronous; one slot thread. The model is initialised on the CPU and trains on
/// the given device (null: the CPU), where its noise generators, the data and the prior's terms live too.
/// </summary>
public static class BayesTrainer
{
    private const long SubsetStream = 30;
    private const long InitStream = 31;
    private const long ShuffleStream = 32;
    private const long NoiseStream = 33;
    private const long PriorNoiseStream = 34;
    private const long EnsembleStream = 35;
    private const long MeanInitStream = 36;
    private const int EvalBatch = 1000;

    public static BayesResult Run(
        ImageSet trainPool,
        ImageSet test,
        IWeightPrior prior,
        KernelPrior? front,
        BayesOptions options,
        long seed,
        Action<BayesProgress>? progress = null,
        Device? device = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (options.TrainCount > trainPool.Count)
        {
            throw new DwpException($"bayes: asked for {options.TrainCount} training examples, the pool has {trainPool.Count}");
        }

        var clock = Stopwatch.StartNew();
        var train = trainPool.Subset(Seeds.Permutation(trainPool.Count, Seeds.Random(seed, SubsetStream))[..options.TrainCount]);
        using var init = new Generator((ulong)Seeds.Derive(seed, InitStream));
        device ??= CPU;
        using var noise = new Generator((ulong)Seeds.Derive(seed, NoiseStream), device);
        using var priorNoise = new Generator((ulong)Seeds.Derive(seed, PriorNoiseStream), device);
        using var model = new BayesFConvMnist(options.Widths, init, prior.Form);
        if (Initializers.Inputs(options.MeanInit) != FrontInputs.None)
        {
            InitialiseMeans(model, options.MeanInit, front, seed);
        }

        model.MoveTo(device);
        using var optimizer = new ScheduledAdam(model.parameters(), options.LearningRate, options.Steps);
        using var trainData = new ImageTensors(train, device);
        using var values = new StepValues();
        var batch = Math.Min(options.BatchSize, train.Count);
        var scale = (double)train.Count / batch;
        using var batches = new EpochBatches(train.Count, batch, seed, ShuffleStream, device);
        double nll = double.NaN;
        double kl = double.NaN;
        model.SetSampling(stochastic: true, noise);
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var indices = batches.Next();
            Step(model, prior, optimizer, step, trainData, indices, scale, options.KlWeight, priorNoise, values);
            var report = (step + 1) % BayesProgress.Every == 0 || step + 1 == options.Steps;
            if (report || values.Due)
            {
                (nll, kl) = Read(values, prior);
            }

            if (report)
            {
                progress?.Invoke(new BayesProgress(step + 1, options.Steps, nll, kl));
            }
        }

        using var testData = new ImageTensors(test, device);
        using var ensembleNoise = new Generator((ulong)Seeds.Derive(seed, EnsembleStream), device);
        var ensemble = EnsembleAccuracy(model, testData, options.EnsembleSamples, ensembleNoise);
        model.SetSampling(stochastic: false, noise: null);
        var meanAccuracy = Evaluation.Accuracy.Of(model, testData);
        var kernels = model.Layers.Select(KernelStats.Of).ToArray();
        return new BayesResult(prior.Kind, options.TrainCount, seed, ensemble, meanAccuracy, nll, kl, train.Sha256(), clock.Elapsed.TotalSeconds, kernels);
    }

    /// <summary>
    /// Test accuracy of the average of softmax probabilities over <paramref name="samples"/> stochastic passes
    /// (fresh local-reparameterisation noise each pass), under no_grad().
    /// </summary>
    public static double EnsembleAccuracy(BayesFConvMnist model, ImageTensors data, int samples, Generator noise)
    {
        if (data.Count == 0)
        {
            return 0;
        }

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        model.SetSampling(stochastic: true, noise);
        var counts = new List<Tensor>();
        for (var start = 0; start < data.Count; start += EvalBatch)
        {
            using var batchScope = NewDisposeScope();
            var length = Math.Min(EvalBatch, data.Count - start);
            var x = data.Images.narrow(0, start, length);
            var probabilities = zeros(length, Models.FConvMnist.Classes, device: data.Images.device);
            for (var s = 0; s < samples; s++)
            {
                probabilities.PlusInPlace(nn.functional.softmax(model.call(x), 1));
            }

            counts.Add(probabilities.argmax(1).eq(data.Labels.narrow(0, start, length)).sum().MoveToOuterDisposeScope());
        }

        // The counts stay on the device until this one read.
        return (double)stack(counts).sum().item<long>() / data.Count;
    }

    // One update on the data's device; the loss and its two parts stay there in values until Read.
    internal static void Step(
        BayesFConvMnist model, IWeightPrior prior, ScheduledAdam optimizer, long step, ImageTensors data, Tensor indices, double scale, double klWeight, Generator priorNoise, StepValues values)
    {
        using var scope = NewDisposeScope();
        var x = data.Images.index_select(0, indices);
        var y = data.Labels.index_select(0, indices);
        optimizer.ZeroGrad();
        var nll = nn.functional.cross_entropy(model.call(x), y, reduction: nn.Reduction.Sum).Times(scale);
        var kl = zeros(1, device: data.Images.device).squeeze();
        var layers = model.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            kl = kl.Plus(prior.Kl(layers[i], i, priorNoise));
        }

        var loss = klWeight == 1 ? nll.Plus(kl) : nll.Plus(kl.Times(klWeight));
        values.Add(step, stack([loss, nll, kl]));
        loss.backward();
        optimizer.Step(step);
    }

    // The pending steps' data terms and KLs, the last step's returned. The first non-finite loss throws, naming its term.
    private static (double Nll, double Kl) Read(StepValues values, IWeightPrior prior)
    {
        (double Nll, double Kl) last = (double.NaN, double.NaN);
        foreach (var (step, v) in values.Read())
        {
            var (value, nllValue, klValue) = (v[0], v[1], v[2]);
            if (!float.IsFinite(value))
            {
                throw float.IsFinite(klValue)
                    ? new NonFiniteLossException("bayes", LossTerm.Data, "the data term", step + 1, float.IsFinite(nllValue) ? value : nllValue, $"data term {nllValue}, KL {klValue}")
                    : new NonFiniteLossException("bayes", LossTerm.Kl, $"the {SpecName.Of(prior.Kind)} KL term", step + 1, klValue);
            }

            last = (nllValue, klValue);
        }

        return last;
    }

    // The conv means start from kernels the method draws from the front, on a generator of their own.
    private static void InitialiseMeans(BayesFConvMnist model, InitMethod method, KernelPrior? front, long seed)
    {
        var layers = model.Layers;
        using var generator = new Generator((ulong)Seeds.Derive(seed, MeanInitStream));
        for (var i = 0; i < layers.Count; i++)
        {
            var kernels = Initializers.Draw(method, front, i, (int)layers[i].KernelCount, generator);
            if (kernels.KernelSize != layers[i].KernelSize)
            {
                throw new DwpException($"bayes: the {SpecName.Of(method)} kernels of conv layer {i + 1} are {kernels.KernelSize}×{kernels.KernelSize}, the layer's {layers[i].KernelSize}×{layers[i].KernelSize}");
            }

            layers[i].SetMean(kernels.Values);
        }
    }
}
