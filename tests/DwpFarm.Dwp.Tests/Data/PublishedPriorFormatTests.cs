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
    public void A_tensor_in_a_legacy_storage_view_is_read_from_the_views_start()
    {
        var bytes = LegacyTorchFileWriter.Write([("v", [3], [0, 1, 2, 3, 4, 5])], defects: new() { FirstView = (2, 3) });

        Assert.Equal([2f, 3f, 4f], LegacyTorchFile.Read(new MemoryStream(bytes), "view.torch")[0].Values);
    }

    [Fact]
    public void Files_that_are_not_legacy_state_dicts_are_refused_clearly()
    {
        var good = LegacyTorchFileWriter.Write([("a.bias", [3], [7, 8, 9])]);

        Assert.Contains("zip format", ReadError("PK\u0003\u0004zip"u8.ToArray()), StringComparison.Ordinal);
        Assert.Contains("truncated in storage", ReadError(good[..^4]), StringComparison.Ordinal);
        Assert.Contains("truncated (", ReadError(good[..60]), StringComparison.Ordinal);
        Assert.Contains("truncated (", ReadError([]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_legacy_file_that_departs_from_torch_save_is_refused_by_name()
    {
        (string, long[], float[])[] tensors = [("a.weight", [2, 3], [1, 2, 3, 4, 5, 6]), ("b.bias", [3], [7, 8, 9])];
        string Error(LegacyTorchFileWriter.Defects defects) => ReadError(LegacyTorchFileWriter.Write(tensors, defects: defects));

        Assert.Contains("protocol version 1002, only 1001", Error(new() { Protocol = 1002 }), StringComparison.Ordinal);
        Assert.Contains("not saved on a little-endian machine", Error(new() { LittleEndian = false }), StringComparison.Ordinal);
        Assert.Contains("tensor a.weight is ComplexFloatStorage, not float32", Error(new() { FirstStorageType = "ComplexFloatStorage" }), StringComparison.Ordinal);
        Assert.Contains("storage 0 holds 7 values, the state dict says 6", Error(new() { FirstWrittenCount = 7 }), StringComparison.Ordinal);
        Assert.Contains("storage 0 holds -5 values", Error(new() { FirstWrittenCount = -5 }), StringComparison.Ordinal);
        Assert.Contains("the data of tensor a.weight (storage 0) is not in the file", Error(new() { OmitFirstStorage = true }), StringComparison.Ordinal);
        Assert.Contains("tensor a.weight views values 4..7 of storage 0, which has 6", Error(new() { FirstView = (4, 3) }), StringComparison.Ordinal);
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
    public void A_state_dict_naming_a_parameter_twice_or_holding_a_non_finite_value_is_refused()
    {
        using var ours = KernelVae.Create(5, seed: 1);
        var exported = LegacyTorchFileWriter.StateDict(ours);
        var head = exported.Single(t => t.Name == "decoder.fc_mu.0.weight");
        string Error(List<(string Name, long[] Shape, float[] Values)> tensors) => Assert.Throws<DwpException>(
            () => KernelVaeImport.FromStateDict(5, [.. LegacyTorchFile.Read(new MemoryStream(LegacyTorchFileWriter.Write(tensors)), "vae.torch").Select(t => (t.Name, t.Shape, t.Values))])).Message;

        var twice = exported.Append(("decoder.fc_mu.weight", head.Shape, new float[head.Values.Length])).ToList();
        var nan = exported.Select(t => t.Name == "encoder.fc_mu.bias" ? (t.Name, t.Shape, t.Values.Select((v, i) => i == 1 ? float.PositiveInfinity : v).ToArray()) : t).ToList();

        Assert.Contains("'decoder.fc_mu.0.weight' and 'decoder.fc_mu.weight' are both the 5×5 VAE's decoderMean.weight", Error(twice), StringComparison.Ordinal);
        Assert.Contains("'encoder.fc_mu.bias' holds a NaN or infinite value", Error(nan), StringComparison.Ordinal);
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

    [Fact]
    public void A_npy_header_with_a_bad_length_or_size_is_refused()
    {
        // Versions 2 and 3 keep the header length in 4 bytes: one cut inside them, and one claiming 4 GiB.
        var cut = NpyFileWriter.Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", [1f])[..10];
        cut[6] = 2;
        var huge = NpyFileWriter.Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", [1f]);
        (huge[6], huge[8], huge[9], huge[10], huge[11]) = (2, 0xff, 0xff, 0xff, 0xff);
        var negative = NpyFileWriter.Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", [1f, 2f]);

        Assert.Contains("truncated .npy header (format 2)", Assert.Throws<DwpException>(() => NpyArray.Parse(cut, "cut.npy")).Message, StringComparison.Ordinal);
        Assert.Contains("truncated .npy header (format 2)", Assert.Throws<DwpException>(() => NpyArray.Parse(huge, "huge.npy")).Message, StringComparison.Ordinal);
        Assert.Contains("shape entry '-1' is not a size", Assert.Throws<DwpException>(() => NpyArray.Parse(negative, "negative.npy")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_npy_shape_whose_count_would_wrap_is_refused()
    {
        // 2^32 × 2^32 wraps a long to 0, which would read as an empty array.
        var wraps = NpyFileWriter.Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", [1f]);

        Assert.Equal("wraps.npy: shape (4294967296, 4294967296) is too large to hold", Assert.Throws<DwpException>(() => NpyArray.Parse(wraps, "wraps.npy")).Message);
    }

    private static string ReadError(byte[] bytes) => Assert.Throws<DwpException>(() => LegacyTorchFile.Read(new MemoryStream(bytes), "test.torch")).Message;
}
