using System.Text.Json.Serialization;
using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>What a finished unit hands back: small numbers and artifact references only.</summary>
[GenerateSerializer, Immutable, Alias("dwp.UnitResult")]
public abstract record UnitResult
{
    /// <summary>SHA-256 of the data set the unit trained on.</summary>
    [Id(0)] public required string DataSha256 { get; init; }

    /// <summary>Torch device, thread count and library versions the unit ran with.</summary>
    [Id(1)] public required string Environment { get; init; }

    [Id(2)] public TimeSpan Duration { get; init; }

    /// <summary>
    /// How long the slot that ran this unit sat free before the unit started: from its previous
    /// unit's end, or from the moment it last found the queue empty. The farm's own overhead.
    /// </summary>
    [Id(3)] public TimeSpan ScheduleLatency { get; init; }

    /// <summary>The front of the unit that produced it (<see cref="UnitWork.Front"/>).</summary>
    [Id(4)] public int Front { get; init; }
}

/// <summary>One epoch of a source run.</summary>
[GenerateSerializer, Immutable, Alias("dwp.EpochMetrics")]
public sealed record EpochMetrics(
    [property: Id(0)] int Epoch,
    [property: Id(1)] double Loss,
    [property: Id(2)] double TrainAccuracy,
    [property: Id(3)] double TestAccuracy);

[GenerateSerializer, Immutable, Alias("dwp.SourceRunResult")]
public sealed record SourceRunResult : UnitResult
{
    /// <summary>The trained model's weights.</summary>
    [Id(0)] public required ArtifactRef Model { get; init; }

    [Id(1)] public required IReadOnlyList<EpochMetrics> Epochs { get; init; }

    /// <summary>The epoch the recording attempt resumed after (0: it trained from scratch).</summary>
    [Id(2)] public int ResumedFromEpoch { get; init; }
}

/// <summary>Kernel counts of one layer of the bank, and what its kernels look like.</summary>
[GenerateSerializer, Immutable, Alias("dwp.BankLayerStats")]
public sealed record BankLayerStats(
    [property: Id(0)] string Layer,
    [property: Id(1)] int KernelSize,
    [property: Id(2)] int Extracted,
    [property: Id(3)] int Pruned,
    [property: Id(4)] int Train,
    [property: Id(5)] int Test)
{
    /// <summary>Every kernel the source nets hold, before pruning; null for an imported bank, which has no sources.</summary>
    [Id(6)] public KernelShapeStats? Sources { get; init; }

    /// <summary>The kernels the bank keeps (train and test).</summary>
    [Id(7)] public KernelShapeStats? Kept { get; init; }
}

[GenerateSerializer, Immutable, Alias("dwp.BankResult")]
public sealed record BankResult : UnitResult
{
    [Id(0)] public required ArtifactRef Bank { get; init; }

    [Id(1)] public required IReadOnlyList<BankLayerStats> Layers { get; init; }
}

[GenerateSerializer, Immutable, Alias("dwp.VaeResult")]
public sealed record VaeResult : UnitResult
{
    [Id(0)] public required string Layer { get; init; }

    [Id(1)] public required ArtifactRef Weights { get; init; }

    /// <summary>Per-kernel ELBO on the held-out kernels.</summary>
    [Id(2)] public required double TestElbo { get; init; }

    [Id(3)] public required double TrainElbo { get; init; }

    /// <summary>Per-kernel ELBO of i.i.d. Gaussian noise of the bank's scale: a VAE that does not beat it learned nothing.</summary>
    [Id(4)] public double WhiteNoiseElbo { get; init; }

    /// <summary>Latent usage: mean KL(r(z|w) ‖ p(z)) per held-out kernel, nats.</summary>
    [Id(5)] public double LatentKl { get; init; }

    /// <summary>Median L2 norm of 1,000 prior samples, beside <see cref="BankMedianNorm"/>.</summary>
    [Id(6)] public double SampleMedianNorm { get; init; }

    [Id(7)] public double BankMedianNorm { get; init; }

    /// <summary>The samples' median norm as a fraction of the bank's; null for an empty bank.</summary>
    [JsonIgnore]
    public double? NormRatio => BankMedianNorm > 0 ? SampleMedianNorm / BankMedianNorm : null;

    /// <summary>Epochs fitted (the spec's steps over this layer's kernels, capped at its epochs).</summary>
    [Id(8)] public int Epochs { get; init; }

    /// <summary>Mean log-density per held-out kernel of a full-covariance Gaussian fitted to the training kernels.</summary>
    [Id(9)] public double GaussianElbo { get; init; }

    /// <summary>Mean |cos| between two of 1,000 samples, beside <see cref="BankAbsCosine"/> (1: all alike).</summary>
    [Id(10)] public double SampleAbsCosine { get; init; }

    [Id(11)] public double BankAbsCosine { get; init; }

    /// <summary>Fits tried; the one with the best held-out ELBO was kept.</summary>
    [Id(12)] public int Restarts { get; init; } = 1;

    /// <summary>The quality gates this prior misses (recorded when the spec does not enforce them).</summary>
    [Id(13)] public IReadOnlyList<string> GateFailures { get; init; } = [];

    /// <summary>
    /// Mean |cos| between two of its samples after each climbed its own ELBO for a bayes run's default schedule
    /// (PriorPull): where the prior's density pulls kernels when the data hardly do (1: all to one kernel). Null unless
    /// the spec asks for it (<c>prior.pull</c>).
    /// </summary>
    [Id(14)] public double? PulledAbsCosine { get; init; }

    /// <summary>The pulled kernels' median norm, beside <see cref="BankMedianNorm"/>.</summary>
    [Id(15)] public double? PulledMedianNorm { get; init; }
}

[GenerateSerializer, Immutable, Alias("dwp.EvaluationResult")]
public sealed record EvaluationResult : UnitResult
{
    [Id(2)] public required string Method { get; init; }

    [Id(3)] public required int TrainSize { get; init; }

    [Id(4)] public required int Seed { get; init; }

    /// <summary>The steps at which test accuracy was measured, starting at 0.</summary>
    [Id(0)] public required IReadOnlyList<int> Steps { get; init; }

    [Id(1)] public required IReadOnlyList<double> Accuracy { get; init; }

    /// <summary>
    /// <c>init</c>, or <c>bayes</c>: then <see cref="Method"/> names the prior, and the one point of the curve is
    /// the Monte Carlo ensemble's test accuracy after the last step.
    /// </summary>
    [Id(5)] public EvaluationMode Mode { get; init; } = EvaluationMode.Init;

    /// <summary>Bayes mode: the KL term (nats) at the last step.</summary>
    [Id(6)] public double? FinalKl { get; init; }

    /// <summary>Bayes mode: test accuracy of the posterior means alone.</summary>
    [Id(7)] public double? MeanAccuracy { get; init; }

    /// <summary>Bayes mode: the data term (nats) at the last step.</summary>
    [Id(8)] public double? FinalNll { get; init; }

    /// <summary>Bayes mode: the shape of each conv layer's posterior means, in layer order.</summary>
    [Id(9)] public IReadOnlyList<KernelShape> Kernels { get; init; } = [];
}

/// <summary>A layer's kernels at a glance: median L2 norm and mean |cosine| between two kernels (1: all alike).</summary>
[GenerateSerializer, Immutable, Alias("dwp.KernelShape")]
public sealed record KernelShape(
    [property: Id(0)] double MedianNorm,
    [property: Id(1)] double MeanAbsCosine);
