using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Ml;

public sealed class InitComparisonTests
{
    private static readonly InitComparisonOptions Tiny = new()
    {
        Widths = new FConvWidths(4, 8),
        TrainCount = 100,
        BatchSize = 16,
        Steps = 20,
        EvalEvery = 10,
    };

    [Fact]
    public void Same_seed_gives_the_same_curves_for_every_method()
    {
        var pool = SyntheticImages.Make(200, 1);
        var test = SyntheticImages.Make(50, 2);
        using var prior = TinyPrior();

        foreach (var method in Enum.GetValues<InitMethod>())
        {
            var a = InitComparisonRunner.Run(pool, test, method, prior.Prior, Tiny, seed: 3);
            var b = InitComparisonRunner.Run(pool, test, method, prior.Prior, Tiny, seed: 3);

            Assert.Equal([0, 10, 20], a.Points.Select(p => p.Step));
            Assert.Equal(a.Points, b.Points);
            Assert.Equal(a.TrainSha256, b.TrainSha256);
        }

        var other = InitComparisonRunner.Run(pool, test, InitMethod.Xavier, null, Tiny, seed: 4);
        Assert.NotEqual(InitComparisonRunner.Run(pool, test, InitMethod.Xavier, null, Tiny, seed: 3).TrainSha256, other.TrainSha256);
    }

    [Fact]
    public void Initialisers_place_bank_kernels_and_vae_samples_into_the_conv_weights()
    {
        using var prior = TinyPrior();
        using var generator = new Generator(1);
        using var net = new FConvMnist(new FConvWidths(4, 8), generator);
        var bank = prior.Prior.Bank!;

        Initializers.Apply(net, InitMethod.Filters, prior.Prior, generator);
        var firstKernel = net.ConvWeights[0][0, 0].contiguous().data<float>().ToArray();
        var trainKernels = Enumerable.Range(0, bank.Layers[0].Train.Count).Select(i => bank.Layers[0].Train.Kernel(i).ToArray());
        Assert.Contains(trainKernels, k => k.SequenceEqual(firstKernel));

        Initializers.Apply(net, InitMethod.Dwp, prior.Prior, generator);
        Assert.Equal([8, 4, 5, 5], net.ConvWeights[1].shape);
        Assert.Throws<DwpException>(() => Initializers.Apply(net, InitMethod.Dwp, null, generator));

        // Gaussian draws are the bank Gaussian's, seeded by the run's generator: the same seed, the same kernels.
        float[] GaussianKernels(ulong seed)
        {
            using var g = new Generator(seed);
            Initializers.Apply(net, InitMethod.Gaussian, prior.Prior, g);
            return net.ConvWeights[0].contiguous().data<float>().ToArray();
        }

        Assert.Equal(GaussianKernels(5), GaussianKernels(5));
        Assert.NotEqual(GaussianKernels(5), GaussianKernels(6));
        Assert.Throws<DwpException>(() => Initializers.Apply(net, InitMethod.Gaussian, prior.Prior with { Gaussians = null }, generator));
    }

    [Fact]
    public void Rescale_brings_each_layer_to_the_reference_norm_and_keeps_its_kernels_directions()
    {
        using var prior = TinyPrior();
        using var generator = new Generator(2);
        using var net = new FConvMnist(new FConvWidths(4, 8), generator);
        Initializers.Apply(net, InitMethod.Dwp, prior.Prior, generator);
        var before = net.ConvWeights.Select(w => w.contiguous().data<float>().ToArray()).ToArray();

        // The reference's norms: the same draws Rescale makes from a generator of the same seed.
        using var referenceDraws = new Generator(3);
        using var rescaleDraws = new Generator(3);
        using var reference = new FConvMnist(new FConvWidths(4, 8), generator);
        Initializers.Apply(reference, InitMethod.Xavier, null, referenceDraws);
        Initializers.Rescale(net, InitMethod.Xavier, prior.Prior, rescaleDraws);

        for (var layer = 0; layer < 2; layer++)
        {
            var after = net.ConvWeights[layer].contiguous().data<float>().ToArray();
            Assert.Equal(Norm(reference.ConvWeights[layer].contiguous().data<float>().ToArray()), Norm(after), 3);
            var ratio = after[0] / before[layer][0];
            Assert.All(after.Zip(before[layer]), p => Assert.Equal(p.Second * ratio, p.First, 5));
        }

        // A reference that draws on the front needs it; a net of zero norm cannot be rescaled: both say so.
        Assert.Throws<DwpException>(() => Initializers.Rescale(net, InitMethod.Dwp, null, generator));
        using (no_grad())
        {
            net.ConvWeights[0].zero_();
        }

        Assert.Throws<DwpException>(() => Initializers.Rescale(net, InitMethod.Xavier, null, generator));
    }

    [Fact]
    public void Scale_to_changes_only_the_scale_and_not_the_arms_own_draws()
    {
        var pool = SyntheticImages.Make(200, 1);
        var test = SyntheticImages.Make(50, 2);
        using var prior = TinyPrior();
        var noSteps = Tiny with { Steps = 0 };

        // Scaled to the VAE samples' norm, Xavier starts as another net on the same data, and repeats exactly.
        var own = InitComparisonRunner.Run(pool, test, InitMethod.Xavier, prior.Prior, Tiny, seed: 3);
        var scaled = InitComparisonRunner.Run(pool, test, InitMethod.Xavier, prior.Prior, Tiny with { ScaleTo = InitMethod.Dwp }, seed: 3);
        var again = InitComparisonRunner.Run(pool, test, InitMethod.Xavier, prior.Prior, Tiny with { ScaleTo = InitMethod.Dwp }, seed: 3);
        Assert.Equal(scaled.Points, again.Points);
        Assert.Equal(own.TrainSha256, scaled.TrainSha256);
        Assert.NotEqual(own.Points, scaled.Points);
        Assert.Throws<DwpException>(() => InitComparisonRunner.Run(pool, test, InitMethod.Xavier, null, noSteps with { ScaleTo = InitMethod.Filters }, seed: 3));
    }

    private static double Norm(float[] values) => Math.Sqrt(values.Sum(v => (double)v * v));

    [Fact]
    public void Live_tensor_count_does_not_grow_across_training_steps()
    {
        var pool = SyntheticImages.Make(100, 1);
        var test = SyntheticImages.Make(20, 2);

        // Warm up (lazy native state), then compare two runs of different lengths: a per-step leak would
        // show as a difference proportional to the extra steps.
        InitComparisonRunner.Run(pool, test, InitMethod.Default, null, Tiny with { Steps = 2 }, seed: 1);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        InitComparisonRunner.Run(pool, test, InitMethod.Default, null, Tiny with { Steps = 5 }, seed: 1);
        var afterShort = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        InitComparisonRunner.Run(pool, test, InitMethod.Default, null, Tiny with { Steps = 40 }, seed: 1);
        var afterLong = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Assert.Equal(afterShort - before, afterLong - afterShort);

        // TorchSharp 0.107's Conv2d constructor itself leaves one undisposed tensor wrapper (measured: construct
        // and dispose a bare nn.Conv2d and one stays live); FConvMnist has two conv layers. Nothing else may remain.
        Assert.True(afterShort - before <= 2, $"{afterShort - before} tensors were left alive by one run");
    }

    private static TinyPriorScope TinyPrior()
    {
        var source = new SourceKernels([SyntheticKernels.Make(40, 7, 1), SyntheticKernels.Make(80, 5, 2)]);
        var bank = KernelBank.Build([source], new KernelBankOptions());
        var vaes = new[] { KernelVae.Create(7, 1), KernelVae.Create(5, 2) };
        foreach (var (vae, layer) in vaes.Zip(bank.Layers))
        {
            vae.Fit(layer.Train, new KernelVaeOptions { Epochs = 1 });
        }

        return new TinyPriorScope(KernelPrior.Load(FrontInputs.Bank | FrontInputs.Vaes | FrontInputs.Gaussians, () => bank, () => vaes)!);
    }

    private sealed class TinyPriorScope(KernelPrior prior) : IDisposable
    {
        public KernelPrior Prior { get; } = prior;

        public void Dispose()
        {
            foreach (var vae in Prior.Vaes)
            {
                vae.Dispose();
            }
        }
    }
}
