using DwpFarm.Dwp.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DwpFarm.Dwp.Vae;

/// <summary>
/// The encoder and decoder of a kernel VAE, exactly as in the authors' code. Both end in 1×1 heads for a
/// mean and a variance (softplus). forward() is the reconstruction mean of the posterior mean. Built on the CPU, where
/// its seeded initialisation draws; <see cref="KernelVae"/> moves it to its device.
/// </summary>
internal sealed class KernelVaeNetwork : Module<Tensor, Tensor>
{
    // Keeps the Gaussian variances away from 0 so log-variances stay finite on tiny kernel values.
    private const double VarianceFloor = 1e-8;

    private readonly Sequential _encoder;
    private readonly Conv2d _encoderMean;
    private readonly Conv2d _encoderVariance;
    private readonly Sequential _decoder;
    private readonly Conv2d _decoderMean;
    private readonly Conv2d _decoderVariance;

    public KernelVaeNetwork(VaeArchitecture architecture)
        : base(nameof(KernelVaeNetwork))
    {
        Architecture = architecture;
        var z = architecture.Latent;
        int encoderOut;
        int decoderOut;
        if (architecture.KernelSize == 7)
        {
            // 7 → 5 → 3 → 1
            _encoder = Sequential(Conv2d(1, 32, 3, device: CPU), new Elu(), Conv2d(32, 64, 3, device: CPU), new Elu(), Conv2d(64, 64, 3, device: CPU), new Elu());
            encoderOut = 64;

            // 1 → 3 → 5 → 7
            _decoder = Sequential(ConvTranspose2d(z, 64, 3, device: CPU), new Elu(), ConvTranspose2d(64, 64, 3, device: CPU), new Elu(), ConvTranspose2d(64, 32, 3, device: CPU), new Elu());
            decoderOut = 32;
        }
        else
        {
            // 5 → 5 → 5 → 3 → 1
            _encoder = Sequential(
                Conv2d(1, 64, 3, padding: 1, device: CPU), new Elu(), Conv2d(64, 64, 3, padding: 1, device: CPU), new Elu(),
                Conv2d(64, 128, 3, device: CPU), new Elu(), Conv2d(128, 128, 3, device: CPU), new Elu());
            encoderOut = 128;

            // 1 → 1 → 3 → 5 → 5
            _decoder = Sequential(
                Conv2d(z, 128, 1, device: CPU), new Elu(), ConvTranspose2d(128, 128, 3, device: CPU), new Elu(),
                ConvTranspose2d(128, 128, 3, device: CPU), new Elu(), Conv2d(128, 64, 1, device: CPU), new Elu());
            decoderOut = 64;
        }

        _encoderMean = Conv2d(encoderOut, z, 1, device: CPU);
        _encoderVariance = Conv2d(encoderOut, z, 1, device: CPU);
        _decoderMean = Conv2d(decoderOut, 1, 1, device: CPU);
        _decoderVariance = Conv2d(decoderOut, 1, 1, device: CPU);
        RegisterComponents();
    }

    public VaeArchitecture Architecture { get; }

    /// <summary>[B,1,k,k] → posterior mean and variance, each [B,z,1,1].</summary>
    public (Tensor Mean, Tensor Variance) Encode(Tensor kernels)
    {
        using var h = _encoder.call(kernels);
        using var v = _encoderVariance.call(h);
        using var spread = v.Softplus();
        return (_encoderMean.call(h), spread.Plus(VarianceFloor));
    }

    /// <summary>[B,z,1,1] → per-pixel likelihood mean and variance, each [B,1,k,k].</summary>
    public (Tensor Mean, Tensor Variance) Decode(Tensor latent)
    {
        using var h = _decoder.call(latent);
        using var v = _decoderVariance.call(h);
        using var spread = v.Softplus();
        return (_decoderMean.call(h), spread.Plus(VarianceFloor));
    }

    public override Tensor forward(Tensor input)
    {
        var (mean, variance) = Encode(input);
        using (variance)
        using (mean)
        {
            var (reconstruction, reconstructionVariance) = Decode(mean);
            reconstructionVariance.Dispose();
            return reconstruction;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _encoder.Dispose();
            _encoderMean.Dispose();
            _encoderVariance.Dispose();
            _decoder.Dispose();
            _decoderMean.Dispose();
            _decoderVariance.Dispose();
        }

        base.Dispose(disposing);
    }
}
