using System.Globalization;
using System.Text;
using DwpFarm.Data;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Images;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Tests.Ml;
using DwpFarm.Dwp.Training;
using DwpFarm.Dwp.Vae;
using DwpFarm.Vocabulary;

namespace DwpFarm.Dwp.Tests.Concurrency;

/// <summary>
/// A small front and its uses, every stage the farm runs on a slot: source training, the bank, both VAE fits,
/// evaluation steps under every initialiser, and bayes steps under every prior. Its fingerprint lists every
/// number it produced as exact bits, so two runs agree only when they are bit-identical.
/// </summary>
internal static class StressPipeline
{
    private static readonly FConvWidths Widths = new(8, 16);

    public static readonly ImageSet Train = SyntheticImages.Make(160, 11);

    public static readonly ImageSet Test = SyntheticImages.Make(60, 12);

    /// <summary>A front of its own (sources, bank, both VAEs), then its uses.</summary>
    public static string Run()
    {
        var print = new Fingerprint();
        using var front = BuildFront(print);
        Use(front, print);
        return print.ToString();
    }

    /// <summary>The uses of a front that other threads use at the same time, as the lab's slots share one.</summary>
    public static string Use(Front front)
    {
        var print = new Fingerprint();
        Use(front, print);
        return print.ToString();
    }

    public static Front BuildFront(Fingerprint print)
    {
        var sources = new List<SourceKernels>();
        foreach (var seed in new[] { 5L, 6L })
        {
            var options = new SourceTrainingOptions { Widths = Widths, Epochs = 1, BatchSize = 32, Seed = seed };
            var run = SourceTrainer.Train(Train, Test, options);
            print.Add("checkpoint", run.CheckpointSha256);
            var kernels = SourceKernels.FromCheckpoint(run.Checkpoint);
            print.Add($"source{seed}", kernels.Layers.SelectMany(l => l.Values).Select(v => (double)v));
            print.Add("source-metrics", run.Epochs.SelectMany(e => new[] { e.Loss, e.TrainAccuracy, e.TestAccuracy }));
            sources.Add(kernels);
        }

        var bank = KernelBank.Build(sources, new KernelBankOptions { Seed = 1 });
        print.Add("bank", bank.Sha256);
        var front = new Front(bank);
        try
        {
            foreach (var layer in bank.Layers)
            {
                var vae = KernelVae.Create(layer.KernelSize, seed: 1);
                front.Vaes.Add(vae);
                var reports = vae.Fit(layer.Train, new KernelVaeOptions { Epochs = 2, BatchSize = 32, Seed = 1 });
                print.Add($"vae{layer.KernelSize}", reports.Select(r => r.Loss));
                print.Add("vae-bytes", Common.SealedBytes.ContentHash(vae.ToBytes()));
                print.Add("vae-elbo", [vae.Elbo(layer.Test.Count > 0 ? layer.Test : layer.Train)]);
            }

            return front;
        }
        catch
        {
            front.Dispose();
            throw;
        }
    }

    // Every initialiser and every prior, made by the factories the runners call with the parts of the front each says
    // it draws on: a value any of them has forgotten throws here.
    private static void Use(Front front, Fingerprint print)
    {
        var init = new InitComparisonOptions { Widths = Widths, TrainCount = 100, BatchSize = 16, Steps = 6, EvalSteps = [0, 3, 6] };
        foreach (var method in Enum.GetValues<InitMethod>())
        {
            var curve = InitComparisonRunner.Run(Train, Test, method, front.Prior(Initializers.Inputs(method)), init, seed: 3);
            print.Add($"init-{method.ToString().ToLowerInvariant()}", curve.Points.Select(p => p.Accuracy));
        }

        foreach (var kind in WeightPriors.All)
        {
            var options = new BayesOptions
            {
                Widths = Widths,
                TrainCount = 50,
                BatchSize = 25,
                Steps = 4,
                EnsembleSamples = 2,
                MeanInit = WeightPriors.MeanInit(kind),
            };
            var prior = front.Prior(WeightPriors.Inputs(kind) | Initializers.Inputs(options.MeanInit));
            var result = BayesTrainer.Run(Train, Test, WeightPriors.Create(kind, prior), prior, options, seed: 4);
            print.Add($"bayes-{SpecName.Of(kind)}", [result.EnsembleAccuracy, result.MeanAccuracy, result.FinalNll, result.FinalKl]);
        }
    }

    /// <summary>A bank and its VAEs, one per conv layer (owned).</summary>
    public sealed class Front(KernelBank bank) : IDisposable
    {
        public KernelBank Bank { get; } = bank;

        public List<KernelVae> Vaes { get; } = [];

        /// <summary>The parts of this front <paramref name="needs"/> names, loaded as the evaluation runner loads them.</summary>
        public KernelPrior? Prior(FrontInputs needs) => KernelPrior.Load(needs, () => Bank, () => Vaes);

        public void Dispose() => Vaes.ForEach(v => v.Dispose());
    }

    /// <summary>Every number a run produced, as exact bits, in order.</summary>
    public sealed class Fingerprint
    {
        private readonly StringBuilder _text = new();

        public void Add(string label, string value) => _text.Append(label).Append('=').Append(value).Append(';');

        public void Add(string label, IEnumerable<double> values)
            => Add(label, string.Join(',', values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture))));

        public override string ToString() => _text.ToString();
    }
}
