using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Common;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Vae;

/// <summary>
/// Where a kernel VAE, used as the deep weight prior, pulls kernels when the data hardly pull at all: <see cref="Kernels"/>
/// of its own samples (where bayes mode starts the means under the DWP), each moved by Adam up its own ELBO on the bayes
/// run's default schedule. At N = 50 the KL term outweighs the data's a thousandfold, so conv1's posterior means go
/// towards where these go, though less far. Samples say where a prior's mass is; this says where its density climbs to:
/// kernels that end alike (mean |cos| near 1, as under an untrained prior) are a prior that draws every kernel to one.
/// It did not foresee which of our fronts win bayes mode (docs/results.md, "Where a prior pulls").
/// </summary>
/// <remarks>
/// The kernels move as points: the posterior's own noise (σ) and the entropy term are left out, so this is the pull on
/// the means alone. It freezes the VAE, as the DWP does.
/// </remarks>
public sealed record PriorPull(
    double StartAbsCosine,
    double StartMedianNorm,
    double StartElbo,
    double AbsCosine,
    double MedianNorm,
    double Elbo)
{
    /// <summary>How many samples are pulled: conv1's kernels in the target net (32×128), where the collapse shows.</summary>
    public const int Kernels = 32;

    private const long NoiseStream = 0x5055_4C4C; // "PULL"

    // A bayes run's default schedule, which the pull stands in for.
    private static readonly BayesOptions Schedule = new();

    public static PriorPull Measure(KernelVae vae, long seed) => Measure(vae, seed, Schedule.Steps, Schedule.LearningRate);

    public static PriorPull Measure(KernelVae vae, long seed, int steps, double learningRate) => Run(vae, seed, steps, learningRate).Figures;

    /// <summary>As <see cref="Measure(KernelVae, long)"/>, with the pulled kernels themselves, for the kernel grids.</summary>
    public static (PriorPull Figures, KernelSet Kernels) Run(KernelVae vae, long seed) => Run(vae, seed, Schedule.Steps, Schedule.LearningRate);

    private static (PriorPull Figures, KernelSet Kernels) Run(KernelVae vae, long seed, int steps, double learningRate)
    {
        if (steps < 0 || !(learningRate > 0))
        {
            throw new DwpException($"prior pull: steps must be >= 0 and the learning rate positive (got {steps}, {learningRate})");
        }

        vae.Freeze();
        var start = vae.Sample(Kernels, seed);
        var k = vae.KernelSize;
        using var noise = new Generator((ulong)Seeds.Derive(seed, NoiseStream), vae.Device);
        using var w = new Parameter(tensor(start.Values, [start.Count, 1, k, k], device: vae.Device));
        var startElbo = MeanElbo(vae, w, noise);
        using (var optimizer = new ScheduledAdam([w], learningRate, steps))
        {
            for (var step = 0; step < steps; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.ZeroGrad();
                vae.NegativeElboOf(w, noise).sum().backward();
                optimizer.Step(step);
            }
        }

        var end = new KernelSet(k, TensorValues.Of(w));
        var figures = new PriorPull(
            start.MeanAbsCosine(), start.MedianNorm(), startElbo,
            end.MeanAbsCosine(), end.MedianNorm(), MeanElbo(vae, w, noise));
        return (figures, end);
    }

    private static double MeanElbo(KernelVae vae, Tensor w, Generator noise)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return -vae.NegativeElboOf(w, noise).mean().item<float>();
    }
}
