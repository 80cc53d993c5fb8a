using System.Text;
using DwpFarm.Data.PyTorch;
using DwpFarm.Dwp.Tests.Ml;
using DwpFarm.Dwp.Vae;
using DwpFarm.TestSupport;

namespace DwpFarm.Dwp.Tests.Data;

/// <summary>The formats the authors published their prior in: legacy torch.save state dicts and .npy arrays, on files written here.</summary>
public sealed class PublishedPriorFormatTests
{
    [Fact]
    public void A_legacy_state_dict_is_read_with_names_shapes_and_strided_values()
    {
        float[] matrix = [1, 2, 3, 4, 5, 6];
        var bytes = LegacyTorchFileWriter.Write([("a.weight", [2, 3], matrix), ("a.bias", [3], [7, 8, 9])], transposeFirst: true);

        var tensors = LegacyTorchFile.Read(new MemoryStream(bytes), "test.torch");

        Assert.Equal(["a.bias", "a.weight"], tensors.Select(t => t.Name));
        Assert.Equal([2L, 3L], tensors[1].Shape);
        Assert.Equal(matrix, tensors[1].Values);
        Assert.Equal([7f, 8f, 9f], tensors[0].Values);
    }

    [Fact]
    public void Files_that_are_not_legacy_state_dicts_are_refused_clearly()
    {
        var good = LegacyTorchFileWriter.Write([("a.bias", [3], [7, 8, 9])]);

        Assert.Contains("not a readable PyTorch state dict", Assert.Throws<DwpException>(() => LegacyTorchFile.Read(new MemoryStream("PK\u0003\u0004zip"u8.ToArray()), "zip.torch")).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<DwpException>(() => LegacyTorchFile.Read(new MemoryStream(good[..^4]), "cut.torch")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_vae_exported_under_the_authors_names_imports_to_the_same_vae()
    {
        using var ours = KernelVae.Create(7, seed: 3);
        ours.Fit(SyntheticKernels.Make(64, 7, 1), new KernelVaeOptions { Epochs = 1, BatchSize = 32 });
        var exported = LegacyTorchFileWriter.StateDict(ours);

        using var imported = KernelVaeImport.FromStateDict(7, [.. LegacyTorchFile.Read(new MemoryStream(LegacyTorchFileWriter.Write(exported)), "ours.torch").Select(t => (t.Name, t.Shape, t.Values))]);

        // The import works on raw kernels (scale 1); ours divides by its scale, so compare on kernels at unit scale.
        var kernels = SyntheticKernels.Make(20, 7, 2);
        Assert.Equal(1f, imported.Scale);
        float[] codes = [0, 0, 0.5f, -1, 2, 0.3f];
        var expected = ours.Decode(codes).Values.Select(v => v / ours.Scale).ToArray();
        var actual = imported.Decode(codes).Values;
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5));
        Assert.True(double.IsFinite(imported.Elbo(kernels)));
    }

    [Fact]
    public void A_state_dict_missing_a_parameter_or_of_the_wrong_shape_is_refused()
    {
        using var ours = KernelVae.Create(5, seed: 1);
        var exported = LegacyTorchFileWriter.StateDict(ours).Select(t => (t.Name, (IReadOnlyList<long>)t.Shape, t.Values)).ToList();

        Assert.Contains("lacks", Assert.Throws<DwpException>(() => KernelVaeImport.FromStateDict(5, exported.Skip(1).ToList())).Message, StringComparison.Ordinal);
        Assert.Contains("is [", Assert.Throws<DwpException>(() => KernelVaeImport.FromStateDict(7, exported)).Message, StringComparison.Ordinal);
        Assert.Contains("not a parameter", Assert.Throws<DwpException>(() => KernelVaeImport.FromStateDict(5, [("encoder.extra.weight", [1L], [0f])])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_float32_npy_array_is_read_and_other_arrays_are_refused()
    {
        var bytes = NpyFileWriter.Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 1, 2), }", [1f, 2f, 3f, 4f]);

        var array = NpyArray.Parse(bytes, "a.npy");

        Assert.Equal([2L, 1L, 1L, 2L], array.Shape);
        Assert.Equal([1f, 2f, 3f, 4f], array.Values);
        Assert.Contains("not little-endian float32", Assert.Throws<DwpException>(() => NpyArray.Parse(NpyFileWriter.Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", [0f, 0f]), "d.npy")).Message, StringComparison.Ordinal);
        Assert.Contains("Fortran order", Assert.Throws<DwpException>(() => NpyArray.Parse(NpyFileWriter.Npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", [1f, 2f]), "f.npy")).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<DwpException>(() => NpyArray.Parse(bytes[..^4], "t.npy")).Message, StringComparison.Ordinal);
        Assert.Contains("not a NumPy", Assert.Throws<DwpException>(() => NpyArray.Parse([1, 2, 3], "x.npy")).Message, StringComparison.Ordinal);
    }
}
