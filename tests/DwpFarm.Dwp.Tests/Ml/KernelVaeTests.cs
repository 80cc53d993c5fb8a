using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Ml;

public sealed class KernelVaeTests
{
    private static readonly KernelVaeOptions Quick = new() { Epochs = 20, BatchSize = 64, Seed = 1 };

    [Theory]
    [InlineData(7)]
    [InlineData(5)]
    public void Reconstructions_beat_the_mean_kernel_and_samples_look_like_the_bank(int size)
    {
        var train = SyntheticKernels.Make(384, size, 1);
        var test = SyntheticKernels.Make(128, size, 2);
        using var vae = KernelVae.Create(size, seed: 3);

        var reports = vae.Fit(train, Quick);
        var reconstruction = vae.Reconstruct(test);
        using var generator = new Generator(4);
        var samples = vae.Sample(300, generator);

        Assert.True(reports[^1].Loss < reports[0].Loss, "the VAE loss did not fall");
        var mean = MeanKernel(train);
        var baseline = Mse(test, _ => mean);
        var vaeMse = Mse(test, i => reconstruction.Kernel(i).ToArray());
        Assert.True(vaeMse < baseline, $"VAE MSE {vaeMse} is not below the mean-kernel MSE {baseline}");
        Assert.Equal(size, samples.KernelSize);
        Assert.Equal(300, samples.Count);
        var ratio = samples.MedianNorm() / train.MedianNorm();
        Assert.InRange(ratio, 0.5, 2.0);
        Assert.True(vae.Elbo(test) > vae.WhiteNoiseElbo, $"held-out ELBO {vae.Elbo(test)} does not beat white noise's {vae.WhiteNoiseElbo}");
        Assert.True(vae.LatentKl(test) > 0.5, $"latent KL {vae.LatentKl(test)}: the code is unused");
    }

    [Fact]
    public void On_white_noise_kernels_the_vae_learns_nothing_beyond_the_white_noise_baseline()
    {
        var random = new Random(5);
        KernelSet Noise(int count) => new(5, Enumerable.Range(0, count * 25).Select(_ => (float)(0.03 * NormalSample(random))).ToArray());
        var train = Noise(512);
        var test = Noise(256);
        using var vae = KernelVae.Create(5, seed: 3);

        vae.Fit(train, Quick);

        // The true model of these kernels is the baseline itself, so no fit can beat it on held-out kernels.
        Assert.InRange(vae.Scale, 0.028, 0.032);
        Assert.True(vae.Elbo(test) < vae.WhiteNoiseElbo + 1, $"held-out ELBO {vae.Elbo(test)} against white noise's {vae.WhiteNoiseElbo}");
        Assert.Throws<DwpException>(() => vae.LatentKl(new KernelSet(5, [])));
    }

    [Fact]
    public void Bytes_round_trip_and_same_seed_gives_the_same_fit()
    {
        var train = SyntheticKernels.Make(64, 7, 1);
        using var a = KernelVae.Create(7, seed: 3);
        using var b = KernelVae.Create(7, seed: 3);
        a.Fit(train, Quick with { Epochs = 2 });
        b.Fit(train, Quick with { Epochs = 2 });

        using var copy = KernelVae.FromBytes(a.ToBytes());

        Assert.Equal(a.ToBytes(), b.ToBytes());
        Assert.Equal(a.Encode(train), copy.Encode(train));
        Assert.Equal(a.Elbo(train), copy.Elbo(train));
    }

    [Fact]
    public void Kernel_shape_mismatch_and_bad_sizes_are_clear_errors()
    {
        using var vae = KernelVae.Create(7, seed: 1);

        Assert.Contains("this VAE models 7×7", Assert.Throws<DwpException>(() => vae.Fit(SyntheticKernels.Make(8, 5, 1), Quick)).Message, StringComparison.Ordinal);
        Assert.Throws<DwpException>(() => vae.Elbo(SyntheticKernels.Make(8, 5, 1)));
        Assert.Throws<DwpException>(() => KernelVae.Create(3, seed: 1));
        Assert.Throws<DwpException>(() => vae.Decode(new float[3]));
    }

    [Fact]
    public void Corrupt_vae_bytes_are_a_clear_error()
    {
        using var vae = KernelVae.Create(5, seed: 1);
        var bytes = vae.ToBytes();
        bytes[^40] ^= 2;

        Assert.Throws<DwpException>(() => KernelVae.FromBytes(bytes));
        Assert.Throws<DwpException>(() => KernelVae.FromBytes(bytes[..(bytes.Length / 2)]));
        var bank = KernelBank.Build([new SourceKernels([SyntheticKernels.Make(10, 7, 1)])], new KernelBankOptions()).ToBytes();
        Assert.Contains("not a kernel VAE", Assert.Throws<DwpException>(() => KernelVae.FromBytes(bank)).Message, StringComparison.Ordinal);
    }

    private static float[] MeanKernel(KernelSet set)
    {
        var mean = new float[set.Area];
        for (var i = 0; i < set.Count; i++)
        {
            var kernel = set.Kernel(i);
            for (var p = 0; p < mean.Length; p++)
            {
                mean[p] += kernel[p] / set.Count;
            }
        }

        return mean;
    }

    private static double Mse(KernelSet truth, Func<int, float[]> prediction)
    {
        double sum = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            var kernel = truth.Kernel(i);
            var guess = prediction(i);
            for (var p = 0; p < kernel.Length; p++)
            {
                sum += (kernel[p] - guess[p]) * (kernel[p] - guess[p]);
            }
        }

        return sum / truth.Values.Length;
    }

    private static double NormalSample(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
