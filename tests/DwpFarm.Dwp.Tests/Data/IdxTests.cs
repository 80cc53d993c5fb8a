using System.Buffers.Binary;
using DwpFarm.Data;
using DwpFarm.Dwp.Images;

namespace DwpFarm.Dwp.Tests.Data;

public sealed class IdxTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_and_labels_round_trip(bool gzip)
    {
        var set = TestImages.Numbered(MnistSource.ClassNames, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3);
        var images = _temp.Combine("images");
        var labels = _temp.Combine("labels");

        IdxWriter.Write(set, images, labels, gzip);
        var read = IdxReader.Read(images, labels, MnistSource.ClassNames);

        Assert.Equal(set.Images, read.Images);
        Assert.Equal(set.Labels, read.Labels);
        Assert.Equal(gzip, File.ReadAllBytes(images).AsSpan(0, 2).SequenceEqual(new byte[] { 0x1f, 0x8b }));
    }

    [Fact]
    public void Header_is_the_standard_big_endian_layout()
    {
        var set = TestImages.Numbered(MnistSource.ClassNames, 2);
        var images = _temp.Combine("images");
        IdxWriter.Write(set, images, _temp.Combine("labels"));

        var bytes = File.ReadAllBytes(images);
        Assert.Equal(0x00000803, BinaryPrimitives.ReadInt32BigEndian(bytes));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4)));
        Assert.Equal(28, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal(28, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12)));
        Assert.Equal(16 + (2 * 784), bytes.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_image_file_names_the_file(bool gzip)
    {
        var images = _temp.Combine("images");
        IdxWriter.WriteImages(images, new byte[3 * ImageSet.Pixels], 3);
        var raw = File.ReadAllBytes(images);
        Write(images, raw.AsSpan(0, raw.Length - 100).ToArray(), gzip);

        var error = Assert.Throws<DwpException>(() => IdxReader.ReadImages(images, out _));

        Assert.Contains(images, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_magic_names_the_file_and_both_magics()
    {
        var labels = _temp.Combine("labels");
        IdxWriter.WriteLabels(labels, [1, 2, 3]);

        var error = Assert.Throws<DwpException>(() => IdxReader.ReadImages(labels, out _));

        Assert.Contains(labels, error.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000801", error.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000803", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_that_are_not_28_by_28_are_refused()
    {
        var images = _temp.Combine("images");
        var bytes = new byte[16 + (2 * 32 * 32)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 32);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 32);
        File.WriteAllBytes(images, bytes);

        var error = Assert.Throws<DwpException>(() => IdxReader.ReadImages(images, out _));

        Assert.Contains(images, error.Message, StringComparison.Ordinal);
        Assert.Contains("32×32", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, new byte[] { 1, 2 })]
    [InlineData(2, new byte[] { 1, 10 })]
    public void Labels_that_do_not_fit_the_images_or_the_classes_name_the_label_file(int images, byte[] labels)
    {
        var imagesPath = _temp.Combine("images");
        var labelsPath = _temp.Combine("labels");
        IdxWriter.WriteImages(imagesPath, new byte[images * ImageSet.Pixels], images);
        IdxWriter.WriteLabels(labelsPath, labels);

        var error = Assert.Throws<DwpException>(() => IdxReader.Read(imagesPath, labelsPath, MnistSource.ClassNames));

        Assert.Contains(labelsPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mnist_reads_an_idx_folder_of_mixed_raw_and_gzipped_files_without_caching_it()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("idx")).FullName;
        var train = TestImages.Numbered(MnistSource.ClassNames, 5, 4, 3, 2, 1, 1, 2, 3, 4, 5);
        var test = TestImages.Numbered(MnistSource.ClassNames, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        IdxWriter.Write(train, Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte"), gzip: true);
        IdxWriter.Write(test, Path.Combine(folder, "t10k-images-idx3-ubyte"), Path.Combine(folder, "t10k-labels-idx1-ubyte"));
        var root = new DataRoot(_temp.Combine("root"));

        var data = MnistSource.Load(root, new MnistOptions(IdxFolder: folder));

        Assert.Equal(train.Sha256(), data.Train.Sha256());
        Assert.Equal(test.Sha256(), data.Test.Sha256());
        Assert.Equal(ImageSet.CombinedSha256(train, test), data.Sha256);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "mnist")));
    }

    [Fact]
    public void Mnist_with_a_truncated_idx_file_fails_naming_it_and_caches_nothing()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("idx")).FullName;
        var set = TestImages.Numbered(MnistSource.ClassNames, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
        IdxWriter.Write(set, Path.Combine(folder, "train-images-idx3-ubyte"), Path.Combine(folder, "train-labels-idx1-ubyte"));
        IdxWriter.Write(set, Path.Combine(folder, "t10k-images-idx3-ubyte"), Path.Combine(folder, "t10k-labels-idx1-ubyte"));
        var broken = Path.Combine(folder, "t10k-images-idx3-ubyte");
        File.WriteAllBytes(broken, File.ReadAllBytes(broken)[..1000]);
        var root = new DataRoot(_temp.Combine("root"));

        var error = Assert.Throws<DwpException>(() => MnistSource.Load(root, new MnistOptions(IdxFolder: folder)));

        Assert.Contains(broken, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root.Path));
    }

    [Fact]
    public void Mnist_names_a_missing_idx_file()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("idx")).FullName;

        var error = Assert.Throws<DwpException>(() => MnistSource.Load(new DataRoot(_temp.Combine("root")), new MnistOptions(IdxFolder: folder)));

        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("train-images-idx3-ubyte", error.Message, StringComparison.Ordinal);
    }

    private static void Write(string path, byte[] bytes, bool gzip)
    {
        using var file = File.Create(path);
        using var stream = gzip ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest) : (Stream)file;
        stream.Write(bytes);
    }
}
