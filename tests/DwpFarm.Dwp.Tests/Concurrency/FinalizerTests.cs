using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Torch;

namespace DwpFarm.Dwp.Tests.Concurrency;

/// <summary>
/// Deterministic companion of <see cref="ConcurrencyStressTests"/>: no stage of the ML core leaves a TorchSharp Scalar
/// to the finalizer. Every Scalar is made to be an argument, so one the finalizer frees may be freed mid-call: the race
/// that corrupted slots' numbers. (Tensors reach the finalizer too, from TorchSharp's own module constructors, but as
/// return values nobody uses again, which is harmless; intermediates in chains live in dispose scopes.) Runs alone, so
/// that other tests' objects are not counted.
/// </summary>
[Collection(FinalizerCollection.Name)]
public sealed class FinalizerTests
{
    [Fact]
    public void The_whole_pipeline_leaves_no_scalar_to_the_finalizer()
    {
        using var probe = FinalizerProbe.Start();
        TorchThreads.ConfigureCurrentThread(1);
        using var front = StressPipeline.BuildFront(new StressPipeline.Fingerprint());

        var counts = new Dictionary<string, (int Scalars, int Tensors)>
        {
            ["front (sources, bank, VAEs)"] = probe.Count(() => StressPipeline.BuildFront(new StressPipeline.Fingerprint()).Dispose()),
            ["uses (dwp init, bayes under each prior)"] = probe.Count(() => StressPipeline.Use(front)),
            ["every initialiser and the prior's diagnostics"] = probe.Count(() => InitialisersAndDiagnostics(front)),
        };

        Assert.True(counts.Values.All(c => c.Scalars == 0), string.Join("; ", counts.Select(c => $"{c.Key}: {c.Value.Scalars} Scalars finalized")));
    }

    // What a VAE unit reports besides its fit, and the initialisers the stress pipeline does not use.
    private static void InitialisersAndDiagnostics(StressPipeline.Front front)
    {
        foreach (var (layer, vae) in front.Bank.Layers.Zip(front.Vaes))
        {
            _ = vae.WhiteNoiseElbo + vae.LatentKl(layer.Train) + vae.Sample(100, seed: 1).MedianNorm() + layer.Train.MedianNorm();
        }

        var options = new InitComparisonOptions { Widths = new(8, 16), TrainCount = 60, BatchSize = 16, Steps = 4, EvalSteps = [0, 4] };
        foreach (var method in new[] { InitMethod.Filters, InitMethod.Xavier, InitMethod.Default })
        {
            InitComparisonRunner.Run(StressPipeline.Train, StressPipeline.Test, method, new KernelPrior(front.Bank, front.Vaes), options, seed: 2);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FinalizerCollection
{
    public const string Name = "finalizer probe";
}
