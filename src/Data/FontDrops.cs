namespace DwpFarm.Data;

/// <summary>How many font faces the letters generator set aside, by reason.</summary>
/// <param name="Unloadable">Files Skia could not load as a font.</param>
/// <param name="MissingGlyphs">Faces lacking a glyph for one of A..J.</param>
/// <param name="SymbolEncoded">Symbol and dingbat faces, whose A..J are Greek letters or ornaments.</param>
/// <param name="Blank">Faces that render one of A..J with (almost) no ink.</param>
/// <param name="Duplicates">Faces whose ten clean renders equal an earlier face's exactly.</param>
public sealed record FontDrops(int Unloadable, int MissingGlyphs, int SymbolEncoded, int Blank, int Duplicates)
{
    public static FontDrops None { get; } = new(0, 0, 0, 0, 0);

    public int Total => Unloadable + MissingGlyphs + SymbolEncoded + Blank + Duplicates;

    /// <summary>One line for logs and tables.</summary>
    public string Describe() =>
        $"{Unloadable} unloadable, {MissingGlyphs} missing A..J, {SymbolEncoded} symbol fonts, {Blank} blank, {Duplicates} duplicates";
}
