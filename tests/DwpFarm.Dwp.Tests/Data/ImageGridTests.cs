using DwpFarm.Data;
using DwpFarm.Imaging;
using SkiaSharp;

namespace DwpFarm.Dwp.Tests.Data;

public sealed class ImageGridTests : IDisposable
{
    private static readonly float[] NegativeAndZero = [-0.5f, 0f];
    private static readonly float[] PositiveAndZero = [0.25f, 0f];
    private static readonly float[] MinusOneAndOne = [-1f, 1f];
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_class_grid_has_one_row_per_class_and_is_written_as_a_png()
    {
        var set = TestImages.Numbered(LettersSource.ClassNames, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
        var path = _temp.Combine("out", "grid.png");

        var grid = ImageGrid.OfClasses(set, perClass: 4);
        grid.Save(path);

        Assert.Equal(10, grid.RowCount);
        using var png = SKBitmap.Decode(path);
        Assert.NotNull(png);
        Assert.True(png.Width > 4 * 28 * 3, $"width {png.Width} cannot hold 4 tiles at 3×");
        Assert.True(png.Height > 10 * 28 * 3, $"height {png.Height} cannot hold 10 rows at 3×");
        Assert.Single(Directory.GetFiles(_temp.Combine("out")));
    }

    [Fact]
    public void Symmetric_normalisation_puts_zero_at_mid_grey_and_the_extremes_at_black_and_white()
    {
        var grid = new ImageGrid(2, 1) { Scale = 1, Gap = 0, Normalization = GridNormalization.SymmetricPerTile }
            .AddRow(string.Empty, [NegativeAndZero, PositiveAndZero]);

        using var png = SKBitmap.Decode(grid.EncodePng());
        var left = png.Width - 4;

        // Tiles sit right-aligned after the (empty) label column: [-0.5, 0] then [0.25, 0].
        Assert.Equal(0, png.GetPixel(left, 0).Red);
        Assert.InRange((int)png.GetPixel(left + 1, 0).Red, 127, 128);
        Assert.Equal(255, png.GetPixel(left + 2, 0).Red);
        Assert.InRange((int)png.GetPixel(left + 3, 0).Red, 127, 128);
    }

    [Fact]
    public void Diverging_palette_shows_sign_as_colour()
    {
        var grid = new ImageGrid(2, 1) { Scale = 1, Gap = 0, Normalization = GridNormalization.SymmetricGrid, Palette = GridPalette.Diverging }
            .AddRow(string.Empty, [MinusOneAndOne]);

        using var png = SKBitmap.Decode(grid.EncodePng());
        var negative = png.GetPixel(png.Width - 2, 0);
        var positive = png.GetPixel(png.Width - 1, 0);

        Assert.Equal(new SKColor(0, 0, 255), negative);
        Assert.Equal(new SKColor(255, 0, 0), positive);
    }

    [Fact]
    public void Tiles_of_the_wrong_size_are_refused() =>
        Assert.Throws<ArgumentException>(() => new ImageGrid(7, 7).AddRow("conv1", [new float[48]]));
}
