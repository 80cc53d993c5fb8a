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

    private static readonly string[] Splits = ["train", "test"];

    /// <summary>The bank in <paramref name="folder"/>, and the SHA-256 of the files it was read from (its data fingerprint).</summary>
    public static (KernelBank Bank, string Sha256) Load(string folder, KernelBankOptions options)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var layers = KernelSizes.Select((size, index) =>
        {
            foreach (var split in Splits.Select(s => Path.Combine(folder, $"conv{size}x{size}", $"{s}.npy")).Where(File.Exists))
            {
                hash.AppendData(File.ReadAllBytes(split));
            }

            return Layer(index, Kernels(folder, size, "train"), HeldOut(folder, size));
        }).ToList();
        return (KernelBank.FromLayers(layers, options), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Whether <paramref name="folder"/> holds a bank: every layer's held-out kernels (a folder may hold only VAEs).</summary>
    public static bool IsIn(string folder) => KernelSizes.All(size => File.Exists(Path.Combine(folder, $"conv{size}x{size}", "test.npy")));

    /// <summary>A layer's held-out kernels, which every published layer has.</summary>
    public static KernelSet HeldOut(string folder, int size) =>
        Kernels(folder, size, "test") ?? throw new DwpException($"{folder}: conv{size}x{size}/test.npy is missing");

    /// <summary>A layer's kernels of one split, or null when that file is not published.</summary>
    public static KernelSet? Kernels(string folder, int size, string split)
    {
        var path = Path.Combine(folder, $"conv{size}x{size}", $"{split}.npy");
        if (!File.Exists(path))
        {
            return null;
        }

        var array = NpyArray.Read(path);
        return array.Shape.Count == 4 && array.Shape[1] == 1 && array.Shape[2] == size && array.Shape[3] == size
            ? new KernelSet(size, array.Values)
            : throw new DwpException($"{path}: shape ({string.Join(", ", array.Shape)}), expected (n, 1, {size}, {size})");
    }

    /// <summary>The layer as a bank layer; without published training kernels, the first half of the held-out ones stand in.</summary>
    public static KernelBankLayer Layer(int index, KernelSet? train, KernelSet test)
    {
        if (train is not null)
        {
            return new KernelBankLayer(index, train, test, 0, 0);
        }

        var half = test.Count / 2;
        return new KernelBankLayer(index, test.Select([.. Enumerable.Range(0, half)]), test.Select([.. Enumerable.Range(half, test.Count - half)]), 0, 0);
    }
}
