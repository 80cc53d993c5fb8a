using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Tests.Ml;
using DwpFarm.Dwp.Training;
using DwpFarm.Dwp.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Bayes;

public sealed class BayesTrainerTests
{
    private static readonly BayesOptions Tiny = new()
    {
        Widths = new FConvWidths(4, 8),
        TrainCount = 60,
        BatchSize = 20,
        Steps = 30,
        LearningRate = 1e-2,
        EnsembleSamples = 3,
    };

    [Fact]
    public void Every_prior_trains_and_the_same_seed_repeats_exactly()
    {
        var pool = SyntheticImages.Make(120, 1);
        var test = SyntheticImages.Make(60, 2);
        var vaes = TinyVaes();
        // Noisy like trained kernels, so the Gaussian fitted to them is not nearly singular.
        var bank = KernelBank.Build([new SourceKernels([SyntheticKernels.Make(64, 7, 1, noise: 1), SyntheticKernels.Make(64, 5, 2, noise: 1)])], new KernelBankOptions());
        var front = KernelPrior.Load(FrontInputs.Bank | FrontInputs.Vaes | FrontInputs.Gaussians, () => bank, () => vaes);
        try
        {
            foreach (var kind in WeightPriors.All)
            {
                var prior = WeightPriors.Create(kind, front);
                var a = BayesTrainer.Run(pool, test, prior, front, Tiny, seed: 3);
                var b = BayesTrainer.Run(pool, test, prior, front, Tiny, seed: 3);
                var first = BayesTrainer.Run(pool, test, prior, front, Tiny with { Steps = 1 }, seed: 3);

                Assert.Equal(kind, a.Prior);
                Assert.Equal(a with { Seconds = 0, Kernels = [] }, b with { Seconds = 0, Kernels = [] });
                Assert.Equal(a.Kernels, b.Kernels);
                Assert.Equal(2, a.Kernels.Count);
                Assert.True(double.IsFinite(a.FinalKl) && double.IsFinite(a.FinalNll));
                Assert.True(a.FinalKl < first.FinalKl, $"{kind}: KL {first.FinalKl} after one step, {a.FinalKl} after {Tiny.Steps}");
                Assert.True(a.EnsembleAccuracy > 0.3, $"{kind}: ensemble accuracy {a.EnsembleAccuracy} on 10 classes");
            }

            var dwpInit = BayesTrainer.Run(pool, test, new StandardNormalPrior(), front, Tiny with { MeanInit = InitMethod.Dwp, Steps = 2 }, seed: 3);
            Assert.True(double.IsFinite(dwpInit.FinalKl));
            Assert.Throws<DwpException>(() => BayesTrainer.Run(pool, test, new StandardNormalPrior(), null, Tiny with { MeanInit = InitMethod.Dwp }, seed: 3));
            Assert.Throws<DwpException>(() => BayesTrainer.Run(pool, test, new StandardNormalPrior(), null, Tiny with { KlWeight = -1 }, seed: 3));
            Assert.Throws<DwpException>(() => BayesTrainer.Run(pool, test, new StandardNormalPrior(), null, Tiny with { MeanInit = InitMethod.Filters }, seed: 3));
        }
        finally
        {
            Array.ForEach(vaes, v => v.Dispose());
        }
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "infinite")]
    public void A_non_finite_kl_stops_the_run_with_a_clear_error(float value, string word)
    {
        var pool = SyntheticImages.Make(60, 1);
        var test = SyntheticImages.Make(20, 2);

        var error = Assert.Throws<NonFiniteLossException>(() => BayesTrainer.Run(pool, test, new BrokenPrior(value, afterCalls: 6), null, Tiny, seed: 1));

        // Two layers per step: the seventh call is conv1's in step 4.
        Assert.Equal($"bayes: the sn KL term became {word} at step 4", error.Message);
        Assert.Equal((LossTerm.Kl, 4L), (error.Term, error.Step));
    }

    [Fact]
    public void Live_tensor_count_does_not_grow_across_steps()
    {
        var pool = SyntheticImages.Make(60, 1);
        var test = SyntheticImages.Make(20, 2);
        var prior = new LogUniformPrior();

        BayesTrainer.Run(pool, test, prior, null, Tiny with { Steps = 2 }, seed: 1);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        BayesTrainer.Run(pool, test, prior, null, Tiny with { Steps = 4 }, seed: 1);
        var afterShort = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        BayesTrainer.Run(pool, test, prior, null, Tiny with { Steps = 24 }, seed: 1);
        var afterLong = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Assert.Equal(afterShort - before, afterLong - afterShort);
    }

    private static KernelVae[] TinyVaes()
    {
        var vaes = new[] { KernelVae.Create(7, 1), KernelVae.Create(5, 2) };
        vaes[0].Fit(SyntheticKernels.Make(64, 7, 1), new KernelVaeOptions { Epochs = 2, BatchSize = 32 });
        vaes[1].Fit(SyntheticKernels.Make(64, 5, 2), new KernelVaeOptions { Epochs = 2, BatchSize = 32 });
        return vaes;
    }

    // The N(0, 1) KL until its (afterCalls+1)-th call, then a constant non-finite value: a fault injected into the KL term.
    private sealed class BrokenPrior(float value, int afterCalls) : IWeightPrior
    {
        private readonly StandardNormalPrior _inner = new();
        private int _calls;

        public WeightPriorKind Kind => WeightPriorKind.Sn;

        public PosteriorForm Form => PosteriorForm.Additive;

        public Tensor Kl(BayesConv2d layer, int layerIndex, Generator noise)
            => _calls++ < afterCalls ? _inner.Kl(layer, layerIndex, noise) : (layer.Mean.sum() * 0) + value;
    }
}
