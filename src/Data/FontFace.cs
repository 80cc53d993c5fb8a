using SkiaSharp;

namespace DwpFarm.Data;

/// <summary>One loaded face of a font file (a .ttc holds several).</summary>
internal sealed class FontFace(SKTypeface typeface, string file, int index) : IDisposable
{
    public SKTypeface Typeface { get; } = typeface;

    /// <summary>Family, style and file, e.g. <c>DejaVu Sans Bold (/usr/share/fonts/…/DejaVuSans-Bold.ttf)</c>.</summary>
    public string Description { get; } =
        $"{typeface.FamilyName} {StyleName(typeface.FontStyle)} ({file}{(index > 0 ? $"#{index}" : string.Empty)})";

    public void Dispose() => Typeface.Dispose();

    private static string StyleName(SKFontStyle style)
    {
        var weight = style.Weight switch
        {
            <= 150 => "Thin",
            <= 250 => "ExtraLight",
            <= 350 => "Light",
            <= 450 => "Regular",
            <= 550 => "Medium",
            <= 650 => "SemiBold",
            <= 750 => "Bold",
            <= 850 => "ExtraBold",
            _ => "Black",
        };
        var width = style.Width switch
        {
            < 5 => " Condensed",
            > 5 => " Expanded",
            _ => string.Empty,
        };
        var slant = style.Slant switch
        {
            SKFontStyleSlant.Italic => " Italic",
            SKFontStyleSlant.Oblique => " Oblique",
            _ => string.Empty,
        };
        return weight + width + slant;
    }
}
