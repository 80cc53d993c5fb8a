namespace DwpFarm.Data;

/// <summary>The distortion of one rendered letter, applied to its outline before rasterising.</summary>
/// <param name="RotationDegrees">Rotation about the glyph's centre.</param>
/// <param name="Scale">Size of the fitted box relative to <see cref="LetterRenderer.Box"/>.</param>
/// <param name="ShiftX">Horizontal shift in pixels, limited so the ink stays inside the image.</param>
/// <param name="ShiftY">Vertical shift in pixels, limited likewise.</param>
/// <param name="StrokeDelta">Change of stroke thickness in pixels: positive thickens, negative thins.</param>
internal readonly record struct LetterAugmentation(double RotationDegrees, double Scale, double ShiftX, double ShiftY, double StrokeDelta)
{
    public const double MaxRotation = 12;
    public const double MinScale = 0.8;
    public const double MaxScale = 1.05;
    public const double MaxShift = 2;
    public const double MinStrokeDelta = -0.8;
    public const double MaxStrokeDelta = 1.2;

    /// <summary>The clean render, used to vet and deduplicate fonts.</summary>
    public static LetterAugmentation None { get; } = new(0, 1, 0, 0, 0);

    /// <summary>Draws the distortion of image <paramref name="index"/> of class <paramref name="classIndex"/> from its own stream.</summary>
    public static LetterAugmentation Sample(int seed, int classIndex, int index)
    {
        var random = new SeededRandom(seed, classIndex, index);
        return new LetterAugmentation(
            random.Uniform(-MaxRotation, MaxRotation),
            random.Uniform(MinScale, MaxScale),
            random.Uniform(-MaxShift, MaxShift),
            random.Uniform(-MaxShift, MaxShift),
            random.Uniform(MinStrokeDelta, MaxStrokeDelta));
    }
}
