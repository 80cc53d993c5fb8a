using DwpFarm.Data;
using SkiaSharp;

namespace DwpFarm.Dwp.Tests.Data;

public sealed class NotMnistFolderReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Reads_every_class_resizes_large_images_and_skips_a_corrupt_png()
    {
        var folder = MakeLayout(perClass: 3);
        WritePng(Path.Combine(folder, "C", "big.png"), 56, 14, inkOnLight: false);
        File.WriteAllBytes(Path.Combine(folder, "D", "corrupt.png"), [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
        File.WriteAllText(Path.Combine(folder, "D", "notes.txt"), "ignored: not a PNG");

        var data = LettersSource.Load(new DataRoot(_temp.Combine("root")), new LettersOptions(NotMnistFolder: folder));

        Assert.Equal(1, data.SkippedFiles);
        Assert.Equal([3, 3, 4, 3, 3, 3, 3, 3, 3, 3], data.Images.ClassCounts());
        Assert.Empty(data.Fonts);
        Assert.Equal(data.Images.Sha256(), data.Sha256);
        Assert.Contains(folder, data.Origin, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("root", "letters")));
    }

    [Fact]
    public void Ink_comes_out_high_on_a_dark_background_whatever_the_polarity_of_the_file()
    {
        var folder = MakeLayout(perClass: 1);
        WritePng(Path.Combine(folder, "A", "dark-on-light.png"), 28, 8, inkOnLight: true);

        var (images, _) = NotMnistFolderReader.Read(folder);

        for (var i = 0; i < images.Count; i++)
        {
            var image = images.Image(i);
            Assert.True(image[0] < 30, $"image {i}: corner {image[0]} should be background");
            Assert.True(image[(14 * 28) + 14] > 220, $"image {i}: centre {image[(14 * 28) + 14]} should be ink");
        }
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var missing = _temp.Combine("nowhere");

        var error = Assert.Throws<DwpException>(() => NotMnistFolderReader.Read(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_the_layout_is_named()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("flat")).FullName;
        WritePng(Path.Combine(folder, "x.png"), 28, 8, inkOnLight: false);

        var error = Assert.Throws<DwpException>(() => NotMnistFolderReader.Read(folder));

        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("A/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_with_only_unreadable_files_is_named()
    {
        var folder = MakeLayout(perClass: 1);
        var j = Path.Combine(folder, "J");
        File.Delete(Directory.GetFiles(j).Single());
        File.WriteAllText(Path.Combine(j, "bad.png"), "not a png");

        var error = Assert.Throws<DwpException>(() => NotMnistFolderReader.Read(folder));

        Assert.Contains(j, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A/ … J/ with a few 28×28 PNGs each: a bright square of varying size on black.</summary>
    private string MakeLayout(int perClass)
    {
        var folder = Directory.CreateDirectory(_temp.Combine("notMNIST")).FullName;
        foreach (var letter in LettersSource.ClassNames)
        {
            Directory.CreateDirectory(Path.Combine(folder, letter));
            for (var i = 0; i < perClass; i++)
            {
                WritePng(Path.Combine(folder, letter, $"{letter}{i}.png"), 28, 6 + (2 * i), inkOnLight: false);
            }
        }

        return folder;
    }

    /// <summary>A square of side <paramref name="half"/>×2 in the centre of a <paramref name="side"/>² image.</summary>
    private static void WritePng(string path, int side, int half, bool inkOnLight)
    {
        using var bitmap = new SKBitmap(side, side);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = inkOnLight ? SKColors.Black : SKColors.White })
        {
            canvas.Clear(inkOnLight ? SKColors.White : SKColors.Black);
            var centre = side / 2f;
            var scaledHalf = half * side / 28f;
            canvas.DrawRect(SKRect.Create(centre - scaledHalf, centre - scaledHalf, 2 * scaledHalf, 2 * scaledHalf), paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
