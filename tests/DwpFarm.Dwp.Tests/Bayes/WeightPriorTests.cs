using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Tests.Ml;
using DwpFarm.Dwp.Vae;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Bayes;

public sealed class WeightPriorTests
{
    private static readonly double[] Blend = [0.0, 0.5, 1.0];

    [Fact]
    public void Standard_normal_closed_form_matches_a_monte_carlo_estimate_within_two_percent()
    {
        using var generator = new Generator(1);
        using var layer = new BayesConv2d(3, 4, 5);
        using (no_grad())
        {
            layer.Mean.normal_(0, 0.7, generator);
            layer.Spread.uniform_(-3, 0.5, generator);
        }

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var closed = new StandardNormalPrior().Kl(layer, 0, generator).item<float>();

        // E_q[log q(w) − log N(w; 0, 1)], 2000 draws of all 300 weights.
        var variance = layer.Variance();
        double total = 0;
        const int draws = 2000;
        for (var i = 0; i < draws; i++)
        {
            using var inner = NewDisposeScope();
            var w = layer.SampleWeights(generator);
            var logQ = (-0.5 * layer.LogVariance()) - ((w - layer.Mean).square() / (2 * variance));
            var logP = -0.5 * w.square();
            total += (logQ - logP).sum().item<float>();
        }

        var monteCarlo = total / draws;
        Assert.True(closed > 0);
        Assert.True(Math.Abs(closed - monteCarlo) / monteCarlo < 0.02, $"closed form {closed} vs Monte Carlo {monteCarlo}");
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.01)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Log_uniform_kl_is_the_authors_polynomial_at_known_alpha(double alpha)
    {
        var perWeight = LogUniformKl(alpha, mean: -0.3);
        Assert.Equal(perWeight, LogUniformKl(alpha, mean: -0.3, PosteriorForm.Multiplicative), 4);

        // KL ≈ −½·log α − 1.16145124·α + 1.50204118·α² − 0.58629921·α³
        var expected = (-0.5 * Math.Log(alpha)) - (1.16145124 * alpha) + (1.50204118 * alpha * alpha) - (0.58629921 * alpha * alpha * alpha);
        Assert.Equal(expected, perWeight, 4);

        // The authors' other variant, −KL ≈ k₁·σ(k₂ + k₃·log α) − ½·log1p(1/α) + C, describes the same function up to
        // the constant C: with C = 0 the two KLs differ by about −0.66 everywhere on (0, 1]. A flipped sign would not.
        const double k1 = 0.63576, k2 = 1.87320, k3 = 1.48695;
        var sigmoidVariant = -((k1 / (1 + Math.Exp(-(k2 + (k3 * Math.Log(alpha)))))) - (0.5 * Math.Log(1 + (1 / alpha))));
        Assert.InRange(perWeight - sigmoidVariant - k1, -0.71, -0.61);
    }

    [Fact]
    public void Log_uniform_alpha_is_capped_at_one()
    {
        Assert.Equal(LogUniformKl(1.0, mean: 0.2), LogUniformKl(9.0, mean: 0.2), 5);
        Assert.Equal(-0.2457093, LogUniformKl(1.0, mean: 2.0), 5);
    }

    [Fact]
    public void Dwp_kl_is_finite_and_falls_as_kernels_move_toward_vae_samples()
    {
        using var vae = KernelVae.Create(7, seed: 3);
        vae.Fit(SyntheticKernels.Make(384, 7, 1), new KernelVaeOptions { Epochs = 15, BatchSize = 64, Seed = 1 });
        var prior = new DeepWeightPrior([vae]);
        using var generator = new Generator(5);
        using var layer = new BayesConv2d(1, 64, 7);
        var samples = vae.Sample(64, generator).Values;

        // Noise kernels of the same overall scale as the samples.
        var rms = Math.Sqrt(samples.Average(v => (double)v * v));
        var random = new Random(6);
        var noise = samples.Select(_ => (float)(rms * Normal(random))).ToArray();

        double KlAt(double t)
        {
            layer.SetMean(samples.Zip(noise, (s, n) => (float)((t * s) + ((1 - t) * n))).ToArray());
            using var _ = no_grad();
            using var draws = new Generator(7);
            return Enumerable.Range(0, 8).Average(_ =>
            {
                using var kl = prior.Kl(layer, 0, draws);
                return kl.item<float>();
            });
        }

        var kls = Blend.Select(KlAt).ToArray();
        Assert.All(kls, kl => Assert.True(double.IsFinite(kl), $"KL {kl}"));
        Assert.True(kls[0] > kls[1] && kls[1] > kls[2], $"KL along noise → samples: {string.Join(", ", kls)}");
        Assert.Throws<DwpException>(() => prior.Kl(layer, 1, generator));
    }

    [Fact]
    public void Every_prior_is_made_from_the_parts_of_a_front_it_declares_and_refuses_to_be_made_without_them()
    {
        var bank = KernelBank.Build([new SourceKernels([SyntheticKernels.Make(40, 7, 1), SyntheticKernels.Make(80, 5, 2)])], new KernelBankOptions());
        using var conv1 = KernelVae.Create(7, seed: 1);
        using var conv2 = KernelVae.Create(5, seed: 2);
        KernelVae[] vaes = [conv1, conv2];

        foreach (var kind in Enum.GetValues<WeightPriorKind>())
        {
            // Each prior's KL is tested on its own; EveryArmTests trains under each.
            var inputs = WeightPriors.Inputs(kind);
            Assert.Equal(kind, WeightPriors.Create(kind, KernelPrior.Load(inputs, () => bank, () => vaes)).Kind);
            if (inputs != FrontInputs.None)
            {
                Assert.Throws<DwpException>(() => WeightPriors.Create(kind, null));
            }
        }
    }

    // Per-weight KL of a 1×1×1×1 layer with mean μ and σ² = α·μ², in either posterior form.
    private static double LogUniformKl(double alpha, double mean, PosteriorForm form = PosteriorForm.Additive)
    {
        using var layer = new BayesConv2d(1, 1, 1, form);
        using (no_grad())
        {
            layer.Mean.fill_(mean);
            layer.Spread.fill_(form == PosteriorForm.Additive ? Math.Log(alpha * mean * mean) : Math.Log(alpha / (1 - alpha)));
        }

        using var generator = new Generator(1);
        using var kl = new LogUniformPrior().Kl(layer, 0, generator);
        return kl.item<float>();
    }

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
