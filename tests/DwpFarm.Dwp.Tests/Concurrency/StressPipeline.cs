using System.Globalization;
using System.Text;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Data;
using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Tests.Ml;
using DwpFarm.Dwp.Training;
using DwpFarm.Dwp.Vae;

namespace DwpFarm.Dwp.Tests.Concurrency;

/// <summary>
/// A small front and its uses, every stage the farm runs on a slot: source training, the bank, both VAE fits,
/// a DWP initialisation with evaluation steps, and bayes steps under each prior. Its fingerprint lists every
/// number it produced as exact bits, so two runs agree only when they are bit-identical.
/// </summary>
internal static class StressPipeline
{
    private static readonly FConvWidths Widths = new(8, 16);

    public static readonly ImageSet Train = SyntheticImages.Make(160, 11);

    public static readonly ImageSet Test = SyntheticImages.Make(60, 12);

    public static string Run()
    {
        var print = new StringBuilder();
        void Add(string label, IEnumerable<double> values)
            => print.Append(label).Append('=').AppendJoin(',', values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture))).Append(';');

        var sources = new List<SourceKernels>();
        foreach (var seed in new[] { 5L, 6L })
        {
            var options = new SourceTrainingOptions { Widths = Widths, Epochs = 1, BatchSize = 32, Seed = seed };
            var run = SourceTrainer.Train(Train, Test, options);
            print.Append("checkpoint=").Append(run.CheckpointSha256).Append(';');
            var kernels = SourceKernels.FromCheckpoint(run.Checkpoint);
            Add($"source{seed}", kernels.Layers.SelectMany(l => l.Values).Select(v => (double)v));
            Add("source-metrics", run.Epochs.SelectMany(e => new[] { e.Loss, e.TrainAccuracy, e.TestAccuracy }));
            sources.Add(kernels);
        }

        var bank = KernelBank.Build(sources, new KernelBankOptions { Seed = 1 });
        print.Append("bank=").Append(bank.Sha256).Append(';');

        var vaes = new List<KernelVae>();
        try
        {
            foreach (var layer in bank.Layers)
            {
                var vae = KernelVae.Create(layer.KernelSize, seed: 1);
                vaes.Add(vae);
                var reports = vae.Fit(layer.Train, new KernelVaeOptions { Epochs = 2, BatchSize = 32, Seed = 1 });
                Add($"vae{layer.KernelSize}", reports.Select(r => r.Loss));
                print.Append("vae-bytes=").Append(Common.SealedBytes.ContentHash(vae.ToBytes())).Append(';');
                Add("vae-elbo", [vae.Elbo(layer.Test.Count > 0 ? layer.Test : layer.Train)]);
            }

            var init = new InitComparisonOptions { Widths = Widths, TrainCount = 100, BatchSize = 16, Steps = 6, EvalSteps = [0, 3, 6] };
            var curve = InitComparisonRunner.Run(Train, Test, InitMethod.Dwp, new KernelPrior(bank, vaes), init, seed: 3);
            Add("dwp-init", curve.Points.Select(p => p.Accuracy));

            foreach (var kind in WeightPriors.All)
            {
                var options = new BayesOptions
                {
                    Widths = Widths,
                    TrainCount = 50,
                    BatchSize = 25,
                    Steps = 4,
                    EnsembleSamples = 2,
                    MeanInit = BayesOptions.MeanInitFor(BayesOptions.Auto, kind),
                };
                var result = BayesTrainer.Run(Train, Test, WeightPriors.Create(kind, vaes), vaes, options, seed: 4);
                Add($"bayes-{WeightPriors.Name(kind)}", [result.EnsembleAccuracy, result.MeanAccuracy, result.FinalNll, result.FinalKl]);
            }
        }
        finally
        {
            vaes.ForEach(v => v.Dispose());
        }

        return print.ToString();
    }
}
