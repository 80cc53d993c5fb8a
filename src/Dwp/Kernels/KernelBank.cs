using DwpFarm.Dwp.Common;

namespace DwpFarm.Dwp.Kernels;

/// <summary>
/// The kernels of many source nets, per conv layer: near-zero kernels pruned, the rest split into
/// train and test with a seeded shuffle. Immutable; serialised as a compact sealed binary (header +
/// float32 values + SHA-256), whose hash is <see cref="Sha256"/>.
/// </summary>
public sealed class KernelBank
{
    // 3: a pruning rule per layer.
    private const string Magic = "DWPBANK3";

    // Banks written before the top-fraction rule: read as keeping every kernel above the other thresholds.
    private const string EarliestMagic = "DWPBANK1";

    // Banks written before per-layer rules: one rule for every layer.
    private const string EarlierMagic = "DWPBANK2";
    private const string What = "kernel bank";
    private const long SplitStream = 3;

    private KernelBank(IReadOnlyList<KernelBankLayer> layers, KernelBankOptions options, int sources)
    {
        Layers = layers;
        Options = options;
        Sources = sources;
        Bytes = SealedBytes.Seal(Magic, Write);
    }

    public IReadOnlyList<KernelBankLayer> Layers { get; }

    public KernelBankOptions Options { get; }

    /// <summary>How many source nets contributed.</summary>
    public int Sources { get; }

    /// <summary>Content hash of <see cref="ToBytes"/>.</summary>
    public string Sha256 => SealedBytes.ContentHash(Bytes);

    private byte[] Bytes { get; }

    public byte[] ToBytes() => (byte[])Bytes.Clone();

    /// <summary>Gathers, prunes and splits the kernels of <paramref name="sources"/> (all with the same layers).</summary>
    public static KernelBank Build(IReadOnlyList<SourceKernels> sources, KernelBankOptions options)
    {
        if (sources.Count == 0)
        {
            throw new DwpException("kernel bank: no source nets were given");
        }

        if (options.TestFraction is < 0 or >= 1)
        {
            throw new DwpException($"kernel bank: test fraction must be in [0, 1), got {options.TestFraction}");
        }

        var layerCount = sources[0].Layers.Count;
        if (sources.Any(s => s.Layers.Count != layerCount))
        {
            throw new DwpException("kernel bank: the source nets have different numbers of conv layers");
        }

        var layers = new List<KernelBankLayer>();
        for (var l = 0; l < layerCount; l++)
        {
            var all = KernelSet.Concat(sources.Select(s => s.Layers[l]).ToArray());
            var norms = all.Norms();
            var threshold = options.PruningOf(l).Threshold(norms);
            var kept = Enumerable.Range(0, all.Count).Where(i => norms[i] >= threshold && norms[i] > 0).ToArray();
            if (kept.Length == 0)
            {
                throw new DwpException($"kernel bank: layer {l} is empty after pruning ({options.PruningOf(l)}, threshold {threshold:G3}); loosen the pruning rule");
            }

            var order = Seeds.Permutation(kept.Length, Seeds.Random(options.Seed, SplitStream, l));
            var testCount = kept.Length < 2 ? 0 : Math.Max(options.TestFraction > 0 ? 1 : 0, (int)Math.Round(options.TestFraction * kept.Length));
            var shuffled = order.Select(i => kept[i]).ToArray();
            layers.Add(new KernelBankLayer(
                l,
                all.Select(shuffled[testCount..]),
                all.Select(shuffled[..testCount]),
                all.Count - kept.Length,
                threshold));
        }

        return new KernelBank(layers, options, sources.Count);
    }

    /// <summary>A bank of layers that come pruned and split already (a published bank); no source nets contributed.</summary>
    public static KernelBank FromLayers(IReadOnlyList<KernelBankLayer> layers, KernelBankOptions options) =>
        layers.Count > 0 && layers.All(l => l.Train.Count > 0)
            ? new KernelBank(layers, options, sources: 0)
            : throw new DwpException("kernel bank: every layer needs training kernels");

    public static KernelBank FromBytes(byte[] bytes)
    {
        static bool Is(byte[] b, string magic) => b.AsSpan().StartsWith(System.Text.Encoding.ASCII.GetBytes(magic));
        var earliest = Is(bytes, EarliestMagic);
        var magic = earliest ? EarliestMagic : Is(bytes, EarlierMagic) ? EarlierMagic : Magic;
        return SealedBytes.Open(bytes, magic, What, reader =>
        {
            var sources = reader.ReadInt32();
            KernelPruning ReadPruning() => new(reader.ReadDouble(), reader.ReadDouble(), earliest ? 1 : reader.ReadDouble());
            var pruning = ReadPruning();
            var layerPruning = new List<KernelPruning>();
            if (magic == Magic)
            {
                var rules = reader.ReadInt32();
                if (rules is < 0 or > 64)
                {
                    throw new InvalidDataException($"{rules} layer rules");
                }

                for (var r = 0; r < rules; r++)
                {
                    layerPruning.Add(ReadPruning());
                }
            }

            var options = new KernelBankOptions
            {
                Pruning = pruning,
                LayerPruning = layerPruning,
                TestFraction = reader.ReadDouble(),
                Seed = reader.ReadInt64(),
            };
            var count = reader.ReadInt32();
            if (count is < 1 or > 64)
            {
                throw new InvalidDataException($"{count} layers");
            }

            var layers = new List<KernelBankLayer>();
            for (var l = 0; l < count; l++)
            {
                var size = reader.ReadInt32();
                var pruned = reader.ReadInt32();
                var threshold = reader.ReadDouble();
                var train = new KernelSet(size, FloatArrays.Read(reader));
                var test = new KernelSet(size, FloatArrays.Read(reader));
                layers.Add(new KernelBankLayer(l, train, test, pruned, threshold));
            }

            return new KernelBank(layers, options, sources);
        });
    }

    private void Write(BinaryWriter writer)
    {
        writer.Write(Sources);
        void WritePruning(KernelPruning p)
        {
            writer.Write(p.RelativeToMedian);
            writer.Write(p.Absolute);
            writer.Write(p.TopFraction);
        }

        WritePruning(Options.Pruning);
        writer.Write(Options.LayerPruning.Count);
        foreach (var p in Options.LayerPruning)
        {
            WritePruning(p);
        }

        writer.Write(Options.TestFraction);
        writer.Write(Options.Seed);
        writer.Write(Layers.Count);
        foreach (var layer in Layers)
        {
            writer.Write(layer.KernelSize);
            writer.Write(layer.Pruned);
            writer.Write(layer.Threshold);
            FloatArrays.Write(writer, layer.Train.Values);
            FloatArrays.Write(writer, layer.Test.Values);
        }
    }
}
