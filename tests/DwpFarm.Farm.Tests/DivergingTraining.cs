using DwpFarm.Dwp.Bayes;
using DwpFarm.Data;
using DwpFarm.Dwp.Images;
using DwpFarm.Dwp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Farm.Tests;

/// <summary>
/// A real bayes-mode training (the ML core's <see cref="BayesTrainer"/> on a few random images) whose prior
/// returns a NaN KL from its third call on, so the unit fails the way a diverging run does.
/// </summary>
internal static class DivergingTraining
{
    public static void Run(CancellationToken cancellationToken)
    {
        var random = new Random(1);
        var images = new byte[20 * ImageSet.Pixels];
        random.NextBytes(images);
        var labels = Enumerable.Range(0, 20).Select(i => (byte)(i % 10)).ToArray();
        var set = new ImageSet(images, labels, Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        var options = new BayesOptions { Widths = new FConvWidths(2, 4), TrainCount = 20, BatchSize = 10, Steps = 5, EnsembleSamples = 1 };
        BayesTrainer.Run(set, set, new NaNAfterTwoCalls(), null, options, seed: 1, cancellationToken: cancellationToken);
    }

    private sealed class NaNAfterTwoCalls : IWeightPrior
    {
        private readonly StandardNormalPrior _inner = new();
        private int _calls;

        public WeightPriorKind Kind => WeightPriorKind.Sn;

        public PosteriorForm Form => PosteriorForm.Additive;

        public Tensor Kl(BayesConv2d layer, int layerIndex, Generator noise)
            => _calls++ < 2 ? _inner.Kl(layer, layerIndex, noise) : (layer.Mean.sum() * 0) + float.NaN;
    }
}
