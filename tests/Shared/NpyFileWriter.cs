using System.Globalization;
using System.Text;
using DwpFarm.Dwp.Kernels;

namespace DwpFarm.TestSupport;

/// <summary>Writes kernel banks as the authors published theirs: float32 <c>.npy</c> arrays of shape (n, 1, k, k).</summary>
public static class NpyFileWriter
{
    /// <summary>A version-1 <c>.npy</c> file with <paramref name="header"/> as its dictionary, padded as NumPy pads it.</summary>
    public static byte[] Npy(string header, IReadOnlyList<float> values)
    {
        var text = header.PadRight(118) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 };
        bytes.AddRange(BitConverter.GetBytes((ushort)text.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(text));
        foreach (var v in values)
        {
            bytes.AddRange(BitConverter.GetBytes(v));
        }

        return [.. bytes];
    }

    /// <summary><paramref name="count"/> kernels of uniform values in [−0.5, 0.5), from <paramref name="seed"/>.</summary>
    public static KernelSet RandomKernels(int size, int count, int seed)
    {
        var random = new Random(seed);
        return new KernelSet(size, [.. Enumerable.Range(0, count * size * size).Select(_ => (float)(random.NextDouble() - 0.5))]);
    }

    /// <summary>Writes <paramref name="count"/> random held-out kernels for both layers (<c>conv7x7/test.npy</c>, <c>conv5x5/test.npy</c>): the least that makes a folder a published bank.</summary>
    public static void WriteHeldOutBanks(string folder, int count, int seed)
    {
        foreach (var size in new[] { 7, 5 })
        {
            WriteBank(folder, "test", RandomKernels(size, count, seed + size));
        }
    }

    /// <summary>Writes <paramref name="kernels"/> to <c>conv{k}x{k}/{split}.npy</c> under <paramref name="folder"/>.</summary>
    public static string WriteBank(string folder, string split, KernelSet kernels)
    {
        var k = kernels.KernelSize;
        var dir = Directory.CreateDirectory(Path.Combine(folder, $"conv{k}x{k}")).FullName;
        var path = Path.Combine(dir, $"{split}.npy");
        var shape = string.Create(CultureInfo.InvariantCulture, $"({kernels.Count}, 1, {k}, {k})");
        File.WriteAllBytes(path, Npy($"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}", kernels.Values));
        return path;
    }
}
