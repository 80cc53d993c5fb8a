using System.Diagnostics;
using DwpFarm.Dwp.Common;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Training;
using DwpFarm.Dwp.Vae;
using TorchSharp;

namespace DwpFarm.Dwp.Lab;

/// <summary>
/// The shared front of the lab pipelines: S source nets on letters → kernel bank → one VAE per conv layer.
/// Each stage spreads its independent units over the slots. Owns the VAEs.
/// </summary>
public sealed class PriorStages : IDisposable
{
    private const long SourceStream = 20;
    private const long BankStream = 21;
    private const long VaeStream = 22;
    private const long SampleStream = 23;

    private PriorStages(IReadOnlyList<LabSource> sources, KernelBank bank, IReadOnlyList<KernelVae> vaes, IReadOnlyList<LabVae> vaeSummaries, IReadOnlyDictionary<string, double> stageSeconds)
    {
        Sources = sources;
        Bank = bank;
        Vaes = vaes;
        VaeSummaries = vaeSummaries;
        StageSeconds = stageSeconds;
    }

    public IReadOnlyList<LabSource> Sources { get; }

    public KernelBank Bank { get; }

    /// <summary>The fitted VAEs in conv-layer order.</summary>
    public IReadOnlyList<KernelVae> Vaes { get; }

    public IReadOnlyList<LabVae> VaeSummaries { get; }

    public IReadOnlyDictionary<string, double> StageSeconds { get; }

    public LabBank BankSummary => new(Bank.Sha256, Bank.Layers.Select(l => new LabBankLayer(l.KernelSize, l.Train.Count, l.Test.Count, l.Pruned, l.Train.MedianNorm())).ToArray());

    public static PriorStages Run(LabInputs inputs, LabSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        var stages = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();

        // 1. Source nets, one per slot at a time.
        var sourceOptions = Enumerable.Range(0, settings.Sources).Select(s => new SourceTrainingOptions
        {
            Widths = settings.SourceWidths,
            Epochs = settings.SourceEpochs,
            BatchSize = settings.SourceBatchSize,
            Seed = Seeds.Derive(settings.Seed, SourceStream, s),
        }).ToArray();
        var runs = SlotRunner.Run(sourceOptions, settings.Slots, settings.ThreadsPerSlot, (options, ct) =>
        {
            var run = SourceTrainer.Train(inputs.LettersTrain, inputs.LettersTest, options, cancellationToken: ct);
            log($"source seed {options.Seed}: letters test accuracy {run.FinalTestAccuracy:P1} ({run.Epochs[^1].SamplesPerSecond:F0} samples/s)");
            return run;
        }, o => $"source seed {o.Seed}", cancellationToken);
        stages["sources"] = Lap(clock);

        // 2. Kernel bank.
        var bank = KernelBank.Build(
            runs.Select(r => SourceKernels.FromCheckpoint(r.Checkpoint)).ToArray(),
            new KernelBankOptions { Pruning = settings.Pruning, TestFraction = settings.BankTestFraction, Seed = Seeds.Derive(settings.Seed, BankStream) });
        foreach (var layer in bank.Layers)
        {
            log($"bank layer {layer.Index + 1} ({layer.KernelSize}×{layer.KernelSize}): {layer.Train.Count} train, {layer.Test.Count} test, {layer.Pruned} pruned (threshold {layer.Threshold:G3})");
        }

        stages["bank"] = Lap(clock);

        // 3. One VAE per conv layer.
        var vaes = SlotRunner.Run(bank.Layers, settings.Slots, settings.ThreadsPerSlot, (layer, ct) =>
        {
            var seed = Seeds.Derive(settings.Seed, VaeStream, layer.Index);
            var vae = KernelVae.Create(layer.KernelSize, seed);
            var options = new KernelVaeOptions { Epochs = settings.VaeEpochsFor(layer.Train.Count), BatchSize = settings.VaeBatchSize, Seed = seed };
            var reports = vae.Fit(layer.Train, options, cancellationToken: ct);
            using var generator = new torch.Generator((ulong)Seeds.Derive(settings.Seed, SampleStream, layer.Index));
            var summary = new LabVae(
                layer.KernelSize,
                options.Epochs,
                reports[^1].Loss,
                layer.Test.Count > 0 ? vae.Elbo(layer.Test) : double.NaN,
                vae.WhiteNoiseElbo,
                vae.Sample(1000, generator).MedianNorm(),
                reports.Average(r => r.KernelsPerSecond),
                vae.LatentKl(layer.Test.Count > 0 ? layer.Test : layer.Train));
            log($"VAE {layer.KernelSize}×{layer.KernelSize}: train loss {summary.TrainLoss:F2}, test ELBO {summary.TestElbo:F2} (white noise {summary.WhiteNoiseElbo:F2}), latent KL {summary.LatentKl:F2} nats, sample median norm {summary.SampleMedianNorm:G3} (bank {layer.Train.MedianNorm():G3})");
            return (vae, summary);
        }, l => $"conv{l.Index + 1} VAE", cancellationToken);
        stages["vaes"] = Lap(clock);

        var sources = runs.Zip(sourceOptions, (r, o) => new LabSource(o.Seed, r.FinalTestAccuracy, r.Epochs.Average(e => e.SamplesPerSecond), r.CheckpointSha256)).ToArray();
        return new PriorStages(sources, bank, vaes.Select(v => v.vae).ToArray(), vaes.Select(v => v.summary).ToArray(), stages);
    }

    /// <summary>Seconds since <paramref name="clock"/> last restarted, then restarts it.</summary>
    public static double Lap(Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }

    /// <summary>Fingerprints of the four data sets of a lab run.</summary>
    public static IReadOnlyDictionary<string, string> DataSha256(LabInputs inputs) => new Dictionary<string, string>
    {
        ["letters_train"] = inputs.LettersTrain.Sha256(),
        ["letters_test"] = inputs.LettersTest.Sha256(),
        ["mnist_train"] = inputs.MnistTrain.Sha256(),
        ["mnist_test"] = inputs.MnistTest.Sha256(),
    };

    public void Dispose()
    {
        foreach (var vae in Vaes)
        {
            vae.Dispose();
        }
    }
}
