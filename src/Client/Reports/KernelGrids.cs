using DwpFarm.Dwp.Common;
using DwpFarm.Imaging;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Units;
using static TorchSharp.torch;

namespace DwpFarm.Client.Reports;

/// <summary>
/// Per layer, real kernels from the bank beside samples from that layer's VAE (as in the DWP slides) and from the
/// full-covariance Gaussian the VAE must beat: a prior that learned kernels looks like the bank, not like the Gaussian.
/// </summary>
internal static class KernelGrids
{
    private const int PerRow = 24;
    private const int Rows = 2;

    /// <summary>Writes one grid per VAE of <paramref name="report"/> into <paramref name="folder"/>, reading its artifacts with <paramref name="readArtifact"/>.</summary>
    /// <param name="report">A sweep's report: its banks and VAEs.</param>
    /// <param name="readArtifact">Reads an artifact's bytes.</param>
    /// <param name="folder">Where the PNGs go.</param>
    /// <param name="vaeEpochs">For grids of several fits of one front: their length, told in each grid's title and file name.</param>
    public static IReadOnlyList<string> Write(SweepReport report, Func<ArtifactRef, byte[]> readArtifact, string folder, int? vaeEpochs = null)
    {
        var banks = report.Units.Select(u => u.Result).OfType<BankResult>().ToDictionary(b => b.Front);
        var vaes = report.Units.Select(u => u.Result).OfType<VaeResult>().Where(v => banks.ContainsKey(v.Front)).ToList();
        var written = new List<string>();
        var read = new Dictionary<int, KernelBank>();
        foreach (var vaeResult in vaes.OrderBy(v => v.Front).ThenBy(v => v.Layer, StringComparer.Ordinal))
        {
            if (!read.TryGetValue(vaeResult.Front, out var bank))
            {
                read[vaeResult.Front] = bank = KernelBank.FromBytes(readArtifact(banks[vaeResult.Front].Bank));
            }

            var layer = bank.Layers[PhaseTable.Layers.ToList().IndexOf(vaeResult.Layer)];
            using var vae = KernelVae.FromBytes(readArtifact(vaeResult.Weights));
            using var generator = new Generator((ulong)Seeds.Derive(report.Spec.Evaluation.Seed, 0x6b726e6c));
            var samples = vae.Sample(PerRow * Rows, generator);
            var real = layer.Train.Select(Seeds.Permutation(layer.Train.Count, new Random(0)).Take(PerRow * Rows).ToArray());
            var gaussian = KernelGaussian.Fit(layer.Train).Sample(PerRow * Rows, report.Spec.Evaluation.Seed);

            // The unit's own pull again (same VAE, same seed), where the spec asked for it: samples look alike where pulls do not.
            var pulled = vaeResult.PulledAbsCosine is null ? null : PriorPull.Run(vae, report.Units.Single(u => ReferenceEquals(u.Result, vaeResult)).Seed).Kernels;
            var size = layer.KernelSize;
            var origin = report.Spec.Bank.Import is null ? "from the source nets (bank)" : "of the published bank";
            var grid = new ImageGrid(size, size)
            {
                Scale = size == 7 ? 6 : 8,
                Normalization = GridNormalization.SymmetricPerTile,
                Palette = GridPalette.Diverging,
                Title = $"{vaeResult.Layer}{(vaeResult.Front == 0 ? string.Empty : $" (front {vaeResult.Front})")}: {size}×{size} kernels {origin}, samples of the DWP (VAE{(vaeEpochs is null ? "" : $", {vaeEpochs} epochs")}) and of a full-covariance Gaussian{(pulled is null ? "" : $"; pulled: {PriorPull.Kernels} VAE samples moved up its ELBO")}",
                Caption = Caption(banks[vaeResult.Front].Layers.FirstOrDefault(l => l.Layer == vaeResult.Layer)),
            };
            for (var r = 0; r < Rows; r++)
            {
                grid.AddRow(r == 0 ? "bank" : string.Empty, Tiles(real, r));
            }

            for (var r = 0; r < Rows; r++)
            {
                grid.AddRow(r == 0 ? "VAE" : string.Empty, Tiles(samples, r));
            }

            for (var r = 0; pulled is not null && r * PerRow < pulled.Count; r++)
            {
                grid.AddRow(r == 0 ? "pulled" : string.Empty, Tiles(pulled, r));
            }

            for (var r = 0; r < Rows; r++)
            {
                grid.AddRow(r == 0 ? "Gaussian" : string.Empty, Tiles(gaussian, r));
            }

            var name = $"kernels-{vaeResult.Layer}{(vaeResult.Front == 0 ? "" : $"-f{vaeResult.Front}")}{(vaeEpochs is null ? "" : $"-e{vaeEpochs}")}.png";
            grid.Save(Path.Combine(folder, name));
            written.Add(name);
        }

        return written;
    }

    // What tells trained kernels from noise, under the tiles that show it (smoothness: 0 for noise; the authors' 7×7
    // bank 0.77, 5×5 0.50).
    private static IReadOnlyList<string> Caption(BankLayerStats? layer) =>
        layer is null ? [] : [.. new[] { ("kept", layer.Kept), ("all source kernels", layer.Sources) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}: {UnitLines.Shape(p.Item2!)}")];

    private static IEnumerable<float[]> Tiles(KernelSet set, int row) =>
        Enumerable.Range(row * PerRow, PerRow).Where(i => i < set.Count).Select(i => set.Kernel(i).ToArray());
}
