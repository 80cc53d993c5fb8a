using DwpFarm.Data.PyTorch;
using DwpFarm.Dwp;
using DwpFarm.Dwp.Kernels;

namespace DwpFarm.Pipeline.Import;

/// <summary>
/// The authors' published kernel banks as a bank (<c>conv7x7/</c> for conv1, <c>conv5x5/</c> for conv2; float32
/// <c>.npy</c> arrays of shape (n, 1, k, k)), so that they can stand in for a sweep's own sources and bank. They come
/// pruned and split; where no training file is published, half the held-out kernels stand in for it.
/// </summary>
public static class PublishedBank
{
    /// <summary>The layers' kernel sizes, conv1 first.</summary>
    public static readonly IReadOnlyList<int> KernelSizes = [7, 5];

    /// <summary>The layers' folders in the authors' layout, conv1 first.</summary>
    public static IEnumerable<string> Folders => KernelSizes.Select(k => $"conv{k}x{k}");

    /// <summary>
    /// The bank in <paramref name="folder"/>, and its data fingerprint (<see cref="LayoutFingerprint"/>) computed from the
    /// very bytes that were parsed.
    /// </summary>
    public static (KernelBank Bank, string Sha256) Load(string folder, KernelBankOptions options)
    {
        using var fingerprint = new LayoutFingerprint();
        var layers = KernelSizes.Select((size, index) =>
            Layer(index, Read(folder, size, "train", fingerprint), HeldOut(folder, size, fingerprint), Path.Combine(folder, $"conv{size}x{size}", "test.npy"))).ToList();
        return (KernelBank.FromLayers(layers, options), fingerprint.Hex());
    }

    /// <summary>Whether <paramref name="folder"/> holds a bank: every layer's held-out kernels (a folder may hold only VAEs).</summary>
    public static bool IsIn(string folder) => Folders.All(f => File.Exists(Path.Combine(folder, f, "test.npy")));

    /// <summary>A layer's held-out kernels, which every published layer has.</summary>
    public static KernelSet HeldOut(string folder, int size, LayoutFingerprint? fingerprint = null) =>
        Read(folder, size, "test", fingerprint) ?? throw new DwpException($"{folder}: conv{size}x{size}/test.npy is missing");

    /// <summary>A layer's kernels of one split, or null when that file is not published; counted in <paramref name="fingerprint"/> when one is given.</summary>
    public static KernelSet? Read(string folder, int size, string split, LayoutFingerprint? fingerprint = null)
    {
        var relative = $"conv{size}x{size}/{split}.npy";
        var path = Path.Combine(folder, relative);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = FileBytes.Read(path);
        fingerprint?.Add(relative, bytes);
        return ToKernels(NpyArray.Parse(bytes, path), path, size);
    }

    /// <summary>The layer as a bank layer; without published training kernels, the first half of the held-out ones stand in.</summary>
    public static KernelBankLayer Layer(int index, KernelSet? train, KernelSet test, string testPath)
    {
        if (train is not null)
        {
            return new KernelBankLayer(index, train, test, 0, 0);
        }

        if (test.Count < 2)
        {
            throw new DwpException($"{testPath}: {test.Count} kernel(s); with no train.npy beside it, half of at least 2 must stand in for the training kernels");
        }

        var half = test.Count / 2;
        return new KernelBankLayer(index, test.Select([.. Enumerable.Range(0, half)]), test.Select([.. Enumerable.Range(half, test.Count - half)]), 0, 0);
    }

    private static KernelSet ToKernels(NamedTensor array, string path, int size)
    {
        if (array.Shape.Count != 4 || array.Shape[1] != 1 || array.Shape[2] != size || array.Shape[3] != size)
        {
            throw new DwpException($"{path}: shape ({string.Join(", ", array.Shape)}), expected (n, 1, {size}, {size})");
        }

        // A NaN kernel would pass through the VAE's fit and the gates as NaN numbers rather than an error.
        var bad = Array.FindIndex(array.Values, v => !float.IsFinite(v));
        return bad < 0 ? new KernelSet(size, array.Values) : throw new DwpException($"{path}: value {bad} is not finite ({array.Values[bad]})");
    }
}
