using DwpFarm.Dwp.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Kernels;

/// <summary>
/// A full-covariance Gaussian fitted to a set of kernels: the strong, honest baseline a kernel prior must beat on
/// held-out kernels. It knows every pairwise correlation of the pixels but nothing beyond them, so a VAE that
/// does not beat it has learned no structure a Gaussian could not. Computed in double on the host (k² ≤ 49).
/// </summary>
public sealed class KernelGaussian
{
    /// <summary>Fewer training kernels than this fit with ρ = 1 (see <see cref="Fit"/>).</summary>
    public const int MinKernelsToChoose = 5;

    private const long SampleStream = 40;
    private readonly double[] _mean;
    private readonly double[,] _cholesky;
    private readonly double _logDeterminant;

    private KernelGaussian(int kernelSize, double[] mean, double[,] cholesky)
    {
        KernelSize = kernelSize;
        _mean = mean;
        _cholesky = cholesky;
        _logDeterminant = 0;
        for (var i = 0; i < mean.Length; i++)
        {
            _logDeterminant += 2 * Math.Log(cholesky[i, i]);
        }
    }

    public int KernelSize { get; }

    /// <summary>The mean kernel, k² values.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>ln |Σ|.</summary>
    public double LogDeterminant => _logDeterminant;

    /// <summary>Σ⁻¹ = L⁻ᵀL⁻¹ from the Cholesky factor, k² × k², row by row.</summary>
    public double[,] Precision()
    {
        var d = _mean.Length;

        // L⁻¹ by forward substitution, column by column of the identity.
        var inverse = new double[d, d];
        for (var c = 0; c < d; c++)
        {
            for (var i = c; i < d; i++)
            {
                var v = i == c ? 1.0 : 0.0;
                for (var j = c; j < i; j++)
                {
                    v -= _cholesky[i, j] * inverse[j, c];
                }

                inverse[i, c] = v / _cholesky[i, i];
            }
        }

        var precision = new double[d, d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = 0.0;
                for (var k = i; k < d; k++)
                {
                    sum += inverse[k, i] * inverse[k, j];
                }

                precision[i, j] = sum;
                precision[j, i] = sum;
            }
        }

        return precision;
    }

    /// <summary>
    /// The mean and covariance of <paramref name="train"/>, the covariance shrunk towards a multiple of the identity,
    /// ρμI + (1 − ρ)S, by the ρ of <see cref="Shrinkages"/> that scores best over five folds of the training kernels
    /// (each kernel scored once, by a fit on the others). With many more kernels than pixels that is about 0, the
    /// maximum-likelihood fit; with few (a bank pruned to its top 1 %) the sample covariance is singular, and unshrunk
    /// a held-out kernel off its span would score hundreds of thousands of nats below any sensible prior. Only
    /// training kernels choose ρ.
    /// </summary>
    /// <remarks>
    /// Below <see cref="MinKernelsToChoose"/> kernels no fold's fit says anything about the held-out ones, so ρ is 1:
    /// the bank's mean and scale, isotropic. Below 3 kernels ρ was 0, a rank-1 covariance plus a 10⁻⁶ ridge: a lab
    /// run with 2 sources of 16×16 scored conv1's held-out kernels at −57,742,474 nats, and 2 kernels of a 5×5 test
    /// Gaussian score −38,185,274 against its entropy of −40.6 (PriorQualityTests). One fold of every fifth kernel was
    /// not safe either: a few held-out kernels that happen to lie near the others' span pick a small ρ that the next
    /// kernel pays for.
    /// </remarks>
    public static KernelGaussian Fit(KernelSet train)
    {
        if (train.Count < 2)
        {
            throw new DwpException($"kernel Gaussian: at least 2 kernels are needed, got {train.Count}");
        }

        return Moments.Of(train).Gaussian(train.KernelSize, ChooseShrinkage(train));
    }

    /// <summary>The ρ of <see cref="Shrinkages"/> with the highest log-likelihood summed over five folds of <paramref name="train"/>.</summary>
    public static double ChooseShrinkage(KernelSet train)
    {
        if (train.Count < MinKernelsToChoose)
        {
            return 1;
        }

        const int Folds = 5;
        var scores = new double[Shrinkages.Count];
        for (var fold = 0; fold < Folds; fold++)
        {
            var held = train.Select([.. Enumerable.Range(0, train.Count).Where(i => i % Folds == fold)]);
            var fit = Moments.Of(train.Select([.. Enumerable.Range(0, train.Count).Where(i => i % Folds != fold)]));
            for (var r = 0; r < Shrinkages.Count; r++)
            {
                scores[r] += fit.Gaussian(train.KernelSize, Shrinkages[r]).LogLikelihood(held) * held.Count;
            }
        }

        // The first of equals, the smallest ρ.
        var best = 0;
        for (var r = 1; r < scores.Length; r++)
        {
            best = scores[r] > scores[best] ? r : best;
        }

        return Shrinkages[best];
    }

    /// <summary>The shrinkage intensities tried, smallest first.</summary>
    public static IReadOnlyList<double> Shrinkages { get; } = [0, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1];

    /// <summary>Mean log-density per kernel (nats; the scale of a VAE's ELBO, higher is better).</summary>
    public double LogLikelihood(KernelSet kernels)
    {
        if (kernels.KernelSize != KernelSize || kernels.Count == 0)
        {
            throw new DwpException($"kernel Gaussian: expected {KernelSize}×{KernelSize} kernels, got {kernels.Count} of {kernels.KernelSize}×{kernels.KernelSize}");
        }

        var d = _mean.Length;
        var constant = -0.5 * ((d * Math.Log(2 * Math.PI)) + _logDeterminant);
        var y = new double[d];
        var sum = 0.0;
        for (var k = 0; k < kernels.Count; k++)
        {
            // Solve L y = x − μ; the Mahalanobis distance is |y|².
            var kernel = kernels.Kernel(k);
            var distance = 0.0;
            for (var i = 0; i < d; i++)
            {
                var v = kernel[i] - _mean[i];
                for (var j = 0; j < i; j++)
                {
                    v -= _cholesky[i, j] * y[j];
                }

                y[i] = v / _cholesky[i, i];
                distance += y[i] * y[i];
            }

            sum += constant - (0.5 * distance);
        }

        return sum / kernels.Count;
    }

    /// <summary><paramref name="count"/> kernels drawn from the Gaussian, seeded.</summary>
    public KernelSet Sample(int count, long seed)
    {
        var random = Seeds.Random(seed, SampleStream);

        // Box–Muller; 1 − u keeps the logarithm finite.
        return Transform(count, () => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }

    /// <summary><paramref name="count"/> kernels drawn from the Gaussian with a run's own (CPU) generator, as the initialisers draw.</summary>
    public KernelSet Sample(int count, Generator generator)
    {
        using var z = randn([count, _mean.Length], dtype: ScalarType.Float64, device: CPU, generator: generator);
        var values = z.data<double>().ToArray();
        var next = 0;
        return Transform(count, () => values[next++]);
    }

    // μ + L z for each kernel's d standard normal values, in order.
    private KernelSet Transform(int count, Func<double> normal)
    {
        var d = _mean.Length;
        var values = new float[count * d];
        var z = new double[d];
        for (var k = 0; k < count; k++)
        {
            for (var i = 0; i < d; i++)
            {
                z[i] = normal();
            }

            for (var i = 0; i < d; i++)
            {
                var v = _mean[i];
                for (var j = 0; j <= i; j++)
                {
                    v += _cholesky[i, j] * z[j];
                }

                values[(k * d) + i] = (float)v;
            }
        }

        return new KernelSet(KernelSize, values);
    }

    /// <summary>
    /// The mean and unbiased covariance (÷ n − 1) of a set of kernels, and the covariance's mean variance μ. The
    /// maximum-likelihood ÷ n halves the scale of 2 kernels, which put held-out kernels 60 nats (of 25 pixels) low.
    /// </summary>
    private sealed record Moments(double[] Mean, double[,] Covariance, double Mu)
    {
        public static Moments Of(KernelSet kernels)
        {
            var d = kernels.Area;
            var mean = new double[d];
            for (var k = 0; k < kernels.Count; k++)
            {
                var kernel = kernels.Kernel(k);
                for (var i = 0; i < d; i++)
                {
                    mean[i] += kernel[i];
                }
            }

            for (var i = 0; i < d; i++)
            {
                mean[i] /= kernels.Count;
            }

            var covariance = new double[d, d];
            var centred = new double[d];
            for (var k = 0; k < kernels.Count; k++)
            {
                var kernel = kernels.Kernel(k);
                for (var i = 0; i < d; i++)
                {
                    centred[i] = kernel[i] - mean[i];
                }

                for (var i = 0; i < d; i++)
                {
                    for (var j = 0; j <= i; j++)
                    {
                        covariance[i, j] += centred[i] * centred[j];
                    }
                }
            }

            var trace = 0.0;
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    covariance[i, j] /= kernels.Count - 1;
                    covariance[j, i] = covariance[i, j];
                }

                trace += covariance[i, i];
            }

            return new Moments(mean, covariance, trace / d);
        }

        public KernelGaussian Gaussian(int kernelSize, double shrinkage)
        {
            var d = Mean.Length;
            var shrunk = new double[d, d];
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    shrunk[i, j] = (1 - shrinkage) * Covariance[i, j];
                }

                // The ridge keeps identical kernels (zero covariance) and an unshrunk singular S factorable.
                shrunk[i, i] += (shrinkage * Mu) + Math.Max(1e-6 * Mu, 1e-12);
            }

            return new KernelGaussian(kernelSize, Mean, Cholesky(shrunk));
        }
    }

    private static double[,] Cholesky(double[,] a)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }

                if (i == j)
                {
                    l[i, i] = sum > 0 ? Math.Sqrt(sum) : throw new DwpException("kernel Gaussian: the covariance is not positive definite");
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        return l;
    }
}
