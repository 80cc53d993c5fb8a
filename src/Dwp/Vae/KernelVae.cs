using System.Diagnostics;
using DwpFarm.Dwp.Common;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Vae;

/// <summary>
/// A VAE over the k×k kernels of one conv layer: the learned prior of the method. The decoder p(w|z) with
/// z ~ N(0, I) is the implicit prior; <see cref="Sample(int, Generator)"/> returns its means. Not thread-safe: one slot owns it.
/// It lives on one device (<see cref="Device"/>): its fit, scores, samples and its KL terms as a prior run there.
/// </summary>
/// <remarks>
/// Trained kernels are small (per-value std ≈ 0.01–0.1) while the networks' biases start at ±1/√fan_in, so on raw
/// kernels the encoder barely sees its input and the posterior collapses: the decoder learns the mean kernel and
/// its samples have a fraction of the bank's norm. <see cref="Fit"/> therefore divides all kernels by one scalar,
/// the RMS of the training values, and every output is multiplied back. The architecture is untouched;
/// <see cref="Elbo"/> includes the change-of-variables term, so it is the ELBO of the unscaled kernels.
/// </remarks>
public sealed class KernelVae : IDisposable
{
    private const string Magic = "DWPVAE01";
    private const string What = "kernel VAE";
    private const long InitStream = 4;
    private const long ShuffleStream = 5;
    private const long NoiseStream = 6;
    private const long ElboSeed = 7;
    private const long SampleStream = 8;
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);

    private readonly KernelVaeNetwork _network;

    private KernelVae(VaeArchitecture architecture)
    {
        _network = new KernelVaeNetwork(architecture);
    }

    /// <summary>Where the network's weights live and every tensor of its computations is made.</summary>
    public Device Device { get; private set; } = CPU;

    /// <summary>The scalar the kernels are divided by before they enter the network (1 until fitted).</summary>
    public float Scale { get; private set; } = 1f;

    /// <summary>The network's parameters by name (leading underscores of field names dropped), for importing weights.</summary>
    internal IReadOnlyDictionary<string, Parameter> NamedParameters =>
        _network.named_parameters().ToDictionary(p => string.Join('.', p.name.Split('.').Select(part => part.TrimStart('_'))), p => p.parameter);

    public VaeArchitecture Architecture => _network.Architecture;

    public int KernelSize => Architecture.KernelSize;

    /// <summary>A VAE with unset weights and unit scale, for an importer to fill in.</summary>
    internal static KernelVae Empty(int kernelSize) => new(VaeArchitecture.For(kernelSize));

    /// <summary>
    /// An untrained VAE for <paramref name="kernelSize"/> kernels (7 or 5), initialised from <paramref name="seed"/> on the
    /// CPU and moved to <paramref name="device"/> (null: the CPU).
    /// </summary>
    public static KernelVae Create(int kernelSize, long seed, Device? device = null)
    {
        var vae = new KernelVae(VaeArchitecture.For(kernelSize));
        using var generator = new Generator((ulong)Seeds.Derive(seed, InitStream));
        ParameterInit.ResetDefault(vae._network, generator);
        return vae.To(device ?? CPU);
    }

    /// <summary>Moves the VAE to <paramref name="device"/> once, before it is fitted or used; returns it.</summary>
    public KernelVae To(Device device)
    {
        _network.MoveTo(device);
        Device = device;
        return this;
    }

    /// <summary>Trains on <paramref name="train"/> by maximising the ELBO (loss summed over each batch).</summary>
    public IReadOnlyList<VaeEpochReport> Fit(
        KernelSet train, KernelVaeOptions options, Action<VaeEpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        CheckShape(train);
        if (train.Count == 0)
        {
            throw new DwpException("kernel VAE: no kernels to fit");
        }

        Scale = RootMeanSquare(train.Values);
        var stepsPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        using var optimizer = new ScheduledAdam(_network.parameters(), options.LearningRate, (long)stepsPerEpoch * options.Epochs);
        using var noise = new Generator((ulong)Seeds.Derive(options.Seed, NoiseStream), Device);
        using var data = ToTensor(train);
        using var values = new StepValues();
        var reports = new List<VaeEpochReport>();
        _network.train();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var order = Seeds.Permutation(train.Count, Seeds.Random(options.Seed, ShuffleStream, epoch));
            using var orderTensor = tensor(order.Select(i => (long)i).ToArray(), device: Device);
            double lossSum = 0;
            for (var s = 0; s < stepsPerEpoch; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = s * options.BatchSize;
                using var indices = orderTensor.narrow(0, start, Math.Min(options.BatchSize, train.Count - start));
                FitStep(data, indices, optimizer, ((long)(epoch - 1) * stepsPerEpoch) + s, noise, values);
                if (values.Due || s == stepsPerEpoch - 1)
                {
                    foreach (var (step, v) in values.Read())
                    {
                        if (!float.IsFinite(v[0]))
                        {
                            throw new NonFiniteLossException(What, LossTerm.Vae, "the VAE loss (−ELBO)", step + 1, v[0], $"epoch {(step / stepsPerEpoch) + 1} step {(step % stepsPerEpoch) + 1}");
                        }

                        lossSum += v[0];
                    }
                }
            }

            var report = new VaeEpochReport(epoch, lossSum / train.Count, train.Count, clock.Elapsed.TotalSeconds);
            reports.Add(report);
            progress?.Invoke(report);
        }

        return reports;
    }

    /// <summary>Mean ELBO per kernel (nats; higher is better), one fixed-seed sample of z per kernel.</summary>
    public double Elbo(KernelSet kernels)
    {
        CheckScorable(kernels);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var noise = new Generator((ulong)ElboSeed, Device);
        _network.eval();
        var total = NegativeElbo(ToTensor(kernels), noise).sum().item<float>();
        _network.train();

        // log p(w) = log p(w / s) − k²·log s for w = s·(w / s).
        return (-total / kernels.Count) - (kernels.Area * Math.Log(Scale));
    }

    /// <summary>
    /// −ELBO of each of <paramref name="kernels"/> ([n,1,k,k], unscaled), differentiable in the kernels:
    /// KL(r(z|w) ‖ N(0, I)) − log p(w|z) with one z ~ r(z|w) per kernel drawn from <paramref name="noise"/>. [n]
    /// </summary>
    public Tensor NegativeElboOf(Tensor kernels, Generator noise)
    {
        if (kernels.Dimensions != 4 || kernels.shape[1] != 1 || kernels.shape[2] != KernelSize || kernels.shape[3] != KernelSize)
        {
            throw new DwpException($"kernel VAE: expected kernels shaped [n,1,{KernelSize},{KernelSize}], got [{string.Join(",", kernels.shape)}]");
        }

        using var scope = NewDisposeScope();

        // log p(w) = log p(w / s) − k²·log s, as in Elbo.
        var scaled = NegativeElbo(kernels.Over(Scale), noise).Plus(Architecture.KernelSize * Architecture.KernelSize * Math.Log(Scale));
        return scaled.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Stops gradients into the VAE's own weights, for its use as a fixed prior (and by several slots at once);
    /// idempotent. A frozen VAE is not fitted again.
    /// </summary>
    public void Freeze()
    {
        foreach (var parameter in _network.parameters())
        {
            parameter.requires_grad = false;
        }
    }

    /// <summary>
    /// The ELBO per kernel (nats) of the simplest model of the same kernels, every value i.i.d. N(0, s²) with s the
    /// fitted <see cref="Scale"/>: what <see cref="Elbo"/> must beat for the VAE to know anything about kernels.
    /// </summary>
    public double WhiteNoiseElbo => PriorQuality.WhiteNoiseAt(KernelSize * KernelSize, Scale);

    /// <summary>
    /// Mean KL(r(z|w) ‖ N(0, I)) per kernel, in nats: how much the code says about a kernel. Near 0 the posterior
    /// has collapsed, the decoder ignores z, and the prior is one blurred kernel with a wide variance.
    /// </summary>
    public double LatentKl(KernelSet kernels)
    {
        CheckScorable(kernels);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (mu, variance) = _network.Encode(ToTensor(kernels));
        return StandardNormalKl.Of(mu, variance, variance.log()).sum().item<float>() / kernels.Count;
    }

    /// <summary>Posterior means, <see cref="VaeArchitecture.Latent"/> values per kernel.</summary>
    public float[] Encode(KernelSet kernels)
    {
        CheckShape(kernels);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (mean, _) = _network.Encode(ToTensor(kernels));
        return mean.cpu().contiguous().data<float>().ToArray();
    }

    /// <summary>Decoder means for latent codes given as <see cref="VaeArchitecture.Latent"/> values per kernel.</summary>
    public KernelSet Decode(float[] latent)
    {
        var z = Architecture.Latent;
        if (latent.Length % z != 0)
        {
            throw new DwpException($"kernel VAE: {latent.Length} latent values are not a whole number of {z}-dimensional codes");
        }

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (mean, _) = _network.Decode(tensor(latent, [latent.Length / z, z, 1, 1], device: Device));
        return FromTensor(mean);
    }

    /// <summary>Decoder means of the posterior means: the reconstructions of <paramref name="kernels"/>.</summary>
    public KernelSet Reconstruct(KernelSet kernels) => Decode(Encode(kernels));

    /// <summary>
    /// <paramref name="count"/> kernels from the prior: decoder means for z ~ N(0, I) drawn from <paramref name="generator"/>
    /// on its own device (a run's seeded CPU generator gives the same codes whatever the VAE's device) and decoded on the VAE's.
    /// </summary>
    public KernelSet Sample(int count, Generator generator)
    {
        using var scope = NewDisposeScope();
        return FromTensor(SampleScaled(count, generator));
    }

    /// <summary>As <see cref="Sample(int, Generator)"/>, left on the VAE's device in network units: [count,1,k,k].</summary>
    internal Tensor SampleScaled(int count, Generator generator)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var z = randn([count, Architecture.Latent, 1, 1], device: generator.device, generator: generator).to(Device);
        var (mean, _) = _network.Decode(z);
        return mean.MoveToOuterDisposeScope();
    }

    /// <summary>As <see cref="Sample(int, Generator)"/>, with a generator seeded from <paramref name="seed"/>.</summary>
    public KernelSet Sample(int count, long seed)
    {
        using var generator = new Generator((ulong)Seeds.Derive(seed, SampleStream));
        return Sample(count, generator);
    }

    public byte[] ToBytes() => SealedBytes.Seal(Magic, writer =>
    {
        writer.Write(KernelSize);
        writer.Write(Scale);
        ModuleState.Write(writer, _network);
    });

    /// <summary>A VAE written by <see cref="ToBytes"/>, on <paramref name="device"/> (null: the CPU).</summary>
    public static KernelVae FromBytes(byte[] bytes, Device? device = null)
    {
        KernelVae? vae = null;
        try
        {
            return SealedBytes.Open(bytes, Magic, What, reader =>
            {
                var size = reader.ReadInt32();
                if (size is not (5 or 7))
                {
                    throw new InvalidDataException($"kernel size {size}");
                }

                var scale = reader.ReadSingle();
                if (!float.IsFinite(scale) || scale <= 0)
                {
                    throw new InvalidDataException($"scale {scale}");
                }

                vae = new KernelVae(VaeArchitecture.For(size)) { Scale = scale };
                ModuleState.Read(reader, vae._network);
                return vae.To(device ?? CPU);
            });
        }
        catch
        {
            vae?.Dispose();
            throw;
        }
    }

    public void Dispose() => _network.Dispose();

    /// <summary>
    /// One fit step on the kernels of <paramref name="data"/> at <paramref name="indices"/>, on the VAE's device: −ELBO summed
    /// over the batch, backward, update; the loss stays on the device in <paramref name="values"/>.
    /// </summary>
    internal void FitStep(Tensor data, Tensor indices, ScheduledAdam optimizer, long step, Generator noise, StepValues values)
    {
        using var scope = NewDisposeScope();
        var batch = data.index_select(0, indices);
        optimizer.ZeroGrad();
        var loss = NegativeElbo(batch, noise).sum();
        values.Add(step, loss.reshape(1));
        loss.backward();
        optimizer.Step(step);
    }

    // −ELBO per kernel: Gaussian NLL of the kernel under the decoder + KL(q(z|w) ‖ N(0, I)). [B]
    private Tensor NegativeElbo(Tensor batch, Generator noise)
    {
        var (mu, variance) = _network.Encode(batch);
        var z = mu.Plus(variance.sqrt() * randn(mu.shape, device: mu.device, generator: noise));
        var (mean, pixelVariance) = _network.Decode(z);
        var nll = pixelVariance.log().Plus((batch - mean).Squared() / pixelVariance).Plus(Log2Pi).Times(0.5);
        var kl = StandardNormalKl.Of(mu, variance, variance.log());
        return nll.sum([1, 2, 3]).Plus(kl.sum([1, 2, 3]));
    }

    private static float RootMeanSquare(float[] values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += (double)v * v;
        }

        var rms = (float)Math.Sqrt(sum / Math.Max(1, values.Length));
        return float.IsFinite(rms) && rms > 0 ? rms : 1f;
    }

    // Kernels in network units: [n,1,k,k] divided by Scale.
    private Tensor ToTensor(KernelSet kernels)
        => tensor(kernels.Values.Select(v => v / Scale).ToArray(), [kernels.Count, 1, KernelSize, KernelSize], device: Device);

    private KernelSet FromTensor(Tensor scaled)
    {
        using var scope = NewDisposeScope();
        using var values = scaled.Times(Scale).cpu().contiguous();
        return new KernelSet(KernelSize, values.data<float>().ToArray());
    }

    private void CheckScorable(KernelSet kernels)
    {
        CheckShape(kernels);
        if (kernels.Count == 0)
        {
            throw new DwpException("kernel VAE: no kernels to score");
        }
    }

    private void CheckShape(KernelSet kernels)
    {
        if (kernels.KernelSize != KernelSize)
        {
            throw new DwpException($"kernel VAE: got {kernels.KernelSize}×{kernels.KernelSize} kernels, this VAE models {KernelSize}×{KernelSize}");
        }
    }
}
