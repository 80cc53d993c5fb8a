using DwpFarm.Dwp.Kernels;

namespace DwpFarm.Dwp.Vae;

/// <summary>
/// What a fitted kernel VAE knows, measured against its bank layer: its held-out ELBO beside two baselines
/// (i.i.d. noise of the bank's scale, and a full-covariance Gaussian fitted to the training kernels), and
/// its samples beside the bank's kernels (median norm, mean |cos| between two kernels).
/// </summary>
public sealed record PriorQuality(
    int KernelSize,
    double TestElbo,
    double WhiteNoiseElbo,
    double GaussianElbo,
    double SampleMedianNorm,
    double BankMedianNorm,
    double SampleAbsCosine,
    double BankAbsCosine)
{
    private const int Samples = 1000;

    /// <summary>The samples' median norm as a fraction of the bank's.</summary>
    public double NormRatio => BankMedianNorm > 0 ? SampleMedianNorm / BankMedianNorm : double.NaN;

    /// <summary>Scores <paramref name="vae"/> on <paramref name="layer"/>'s held-out kernels (its training kernels when none are held out).</summary>
    public static PriorQuality Measure(KernelVae vae, KernelBankLayer layer, long seed)
    {
        var held = layer.Test.Count > 0 ? layer.Test : layer.Train;
        var samples = vae.Sample(Samples, seed);
        return new PriorQuality(
            layer.KernelSize,
            vae.Elbo(held),
            vae.WhiteNoiseElbo,
            KernelGaussian.Fit(layer.Train).LogLikelihood(held),
            samples.MedianNorm(),
            layer.Train.MedianNorm(),
            samples.MeanAbsCosine(),
            layer.Train.MeanAbsCosine());
    }

    /// <summary>Each gate this prior misses, as one phrase that names the numbers; empty when it passes.</summary>
    public IReadOnlyList<string> Failures(PriorGates gates)
    {
        var failures = new List<string>();
        if (!(TestElbo > WhiteNoiseElbo))
        {
            failures.Add($"held-out ELBO {TestElbo:F2} does not beat white noise of the bank's scale ({WhiteNoiseElbo:F2})");
        }

        if (!(TestElbo > GaussianElbo))
        {
            failures.Add($"held-out ELBO {TestElbo:F2} does not beat a full-covariance Gaussian ({GaussianElbo:F2})");
        }

        if (!(NormRatio >= gates.MinNormRatio))
        {
            failures.Add($"samples' median norm {SampleMedianNorm:G3} is {NormRatio:P0} of the bank's {BankMedianNorm:G3} (at least {gates.MinNormRatio:P0})");
        }

        if (!(SampleAbsCosine <= BankAbsCosine + gates.MaxAbsCosineExcess))
        {
            failures.Add($"samples' mean |cos| {SampleAbsCosine:F2} exceeds the bank's {BankAbsCosine:F2} by more than {gates.MaxAbsCosineExcess:F2} (samples too alike)");
        }

        return failures;
    }
}
