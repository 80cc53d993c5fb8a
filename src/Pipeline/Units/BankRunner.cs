using System.Security.Cryptography;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Import;
using DwpFarm.Pipeline.Plan;

namespace DwpFarm.Pipeline.Units;

/// <summary>
/// Extracts every source model's kernels, prunes near-zero ones and splits each layer; or, for a spec's
/// <c>bank.import</c>, reads the authors' published banks, which come pruned and split.
/// </summary>
public sealed class BankRunner : IUnitRunner
{
    public string Kind => UnitKind.Bank;

    public UnitResult Run(UnitWork work, IUnitRunContext context, CancellationToken cancellationToken)
    {
        var w = (BankWork)work;
        var environment = RunEnvironment.Configure(context, w);
        if (w.Spec.Import is { } folder)
        {
            var (published, sha256) = PublishedBank.Load(folder, UnitOptions.Bank(w));
            return new BankResult
            {
                DataSha256 = sha256,
                Environment = environment,
                Bank = context.WriteArtifact("bank", published.ToBytes()),
                Layers = [.. published.Layers.Select((l, i) => new BankLayerStats(w.Layers[i], l.KernelSize, l.Train.Count + l.Test.Count, 0, l.Train.Count, l.Test.Count)
                {
                    Kept = Shape([l.Train, l.Test], initialNorm: 0),
                })],
            };
        }

        var sources = new List<SourceKernels>();
        using var models = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < w.Models.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            models.AppendData(System.Text.Encoding.ASCII.GetBytes(w.Models[i].Sha256));
            sources.Add(SourceKernels.FromCheckpoint(context.ReadArtifact(w.Models[i])));
            context.ReportProgress(new UnitProgress(i + 1, w.Models.Count, 0, $"read {i + 1}/{w.Models.Count} source models"));
        }

        var initialNorms = FConvWidths.FromKernelCounts([.. sources[0].Layers.Select(l => l.Count)])?.InitialKernelNorms();
        var bank = KernelBank.Build(sources, UnitOptions.Bank(w, initialNorms));
        var extracted = sources.Aggregate(new int[bank.Layers.Count], (counts, s) =>
        {
            for (var l = 0; l < counts.Length; l++)
            {
                counts[l] += s.Layers[l].Count;
            }

            return counts;
        });
        return new BankResult
        {
            // The bank's inputs are the models, named by their hashes.
            DataSha256 = Convert.ToHexStringLower(models.GetHashAndReset()),
            Environment = environment,
            Bank = context.WriteArtifact("bank", bank.ToBytes()),
            Layers = [.. bank.Layers.Select((l, i) => new BankLayerStats(w.Layers[i], l.KernelSize, extracted[i], l.Pruned, l.Train.Count, l.Test.Count)
            {
                Sources = Shape([.. sources.Select(s => s.Layers[i])], initialNorms?[i] ?? 0),
                Kept = Shape([l.Train, l.Test], initialNorms?[i] ?? 0),
            })],
        };
    }

    /// <summary>The contract's copy of the ML core's statistics.</summary>
    public static KernelShapeStats Shape(IReadOnlyList<KernelSet> kernels, double initialNorm)
    {
        var s = KernelStatistics.Of(kernels, initialNorm);
        return new KernelShapeStats
        {
            Count = s.Count,
            InitialNorm = s.InitialNorm,
            NormP10 = s.P10,
            NormMedian = s.Median,
            NormP90 = s.P90,
            NearDead = Known(s.NearDead),
            Smoothness = Known(s.Smoothness),
            KernelAutocorrelation = Known(s.KernelAutocorrelation),
            MeanShare = Known(s.MeanShare),
        };
    }

    // JSON has no NaN: an unknown figure is absent.
    private static double? Known(double value) => double.IsNaN(value) ? null : value;
}
