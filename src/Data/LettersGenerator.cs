using DwpFarm.Dwp.Images;
using System.Security.Cryptography;
using SkiaSharp;

namespace DwpFarm.Data;

/// <summary>
/// A notMNIST-style set: the letters A..J rendered from every usable font face, with seeded
/// augmentation. Image i of class c is drawn from face i mod F, so the classes are exactly balanced.
/// The result depends only on the seed, the count and the font files.
/// </summary>
public static class LettersGenerator
{
    /// <summary>A clean letter with less ink than this many full pixels is blank (an empty or hairline glyph).</summary>
    public const double MinInk = 12;

    /// <summary>The outline size glyphs are extracted at; large so curves are precise before they are scaled down.</summary>
    private const float OutlineSize = 256;

    private const string Letters = "ABCDEFGHIJ";

    public static LettersGeneration Generate(IReadOnlyList<FontFile> files, int seed, int imagesPerClass, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imagesPerClass);

        var glyphs = new List<SKPath[]>();
        var fonts = new List<string>();
        try
        {
            var dropped = Vet(files, glyphs, fonts);
            log?.Invoke($"{fonts.Count} usable font faces from {files.Count} files (dropped: {dropped.Describe()})");
            if (fonts.Count == 0)
            {
                return new LettersGeneration(new ImageSet([], [], LettersSource.ClassNames), fonts, dropped);
            }

            var classes = LettersSource.ClassNames.Count;
            var pixels = new byte[classes * imagesPerClass * ImageSet.Pixels];
            var labels = new byte[classes * imagesPerClass];

            // Each image draws its own random stream and writes its own slice, so the parallel
            // loop gives the same bytes as a sequential one.
            Parallel.For(0, labels.Length, slot =>
            {
                var classIndex = slot / imagesPerClass;
                var index = slot % imagesPerClass;
                labels[slot] = (byte)classIndex;
                LetterRenderer.Render(
                    glyphs[index % glyphs.Count][classIndex],
                    LetterAugmentation.Sample(seed, classIndex, index),
                    pixels.AsSpan(slot * ImageSet.Pixels, ImageSet.Pixels));
            });

            return new LettersGeneration(new ImageSet(pixels, labels, LettersSource.ClassNames), fonts, dropped);
        }
        finally
        {
            foreach (var path in glyphs.SelectMany(g => g))
            {
                path.Dispose();
            }
        }
    }

    /// <summary>
    /// Loads every face in file order and keeps those that have all ten glyphs as letters, render all
    /// ten with ink, and do not repeat an earlier face's clean renders byte for byte.
    /// </summary>
    private static FontDrops Vet(IReadOnlyList<FontFile> files, List<SKPath[]> glyphs, List<string> fonts)
    {
        int unloadable = 0, missing = 0, symbols = 0, blank = 0, duplicates = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var clean = new byte[LettersSource.ClassNames.Count * ImageSet.Pixels];
        foreach (var file in files)
        {
            var faces = FontCatalog.LoadFaces(file).ToList();
            unloadable += faces.Count == 0 ? 1 : 0;
            foreach (var face in faces)
            {
                using (face)
                using (var font = new SKFont(face.Typeface, OutlineSize) { Hinting = SKFontHinting.None, Subpixel = true })
                {
                    var ids = font.GetGlyphs(Letters);
                    if (ids.Length != Letters.Length || ids.Contains((ushort)0))
                    {
                        missing++;
                        continue;
                    }

                    if (IsSymbolEncoded(face.Typeface, ids))
                    {
                        symbols++;
                        continue;
                    }

                    var paths = Outlines(font, ids);
                    var inked = true;
                    for (var c = 0; c < paths.Length && inked; c++)
                    {
                        inked = LetterRenderer.Render(paths[c], LetterAugmentation.None, clean.AsSpan(c * ImageSet.Pixels, ImageSet.Pixels)) >= MinInk;
                    }

                    if (!inked)
                    {
                        blank++;
                    }
                    else if (!seen.Add(Convert.ToHexString(SHA256.HashData(clean))))
                    {
                        duplicates++;
                    }
                    else
                    {
                        glyphs.Add(paths);
                        fonts.Add(face.Description);
                        continue;
                    }

                    foreach (var path in paths)
                    {
                        path.Dispose();
                    }
                }
            }
        }

        return new FontDrops(unloadable, missing, symbols, blank, duplicates);
    }

    /// <summary>
    /// True for symbol fonts (Symbol, Zapf Dingbats and their clones), which map the code points A..J
    /// to Greek letters or ornaments: the glyph names tell, since not one of theirs is named after the
    /// letter. A font without readable names gets the benefit of the doubt.
    /// </summary>
    private static bool IsSymbolEncoded(SKTypeface typeface, ushort[] letterIds) =>
        GlyphNames.Read(typeface, letterIds) is { } names
        && !names.Where((name, c) => GlyphNames.NamesLetter(name, Letters[c])).Any();

    /// <summary>The outlines of the glyphs.</summary>
    private static SKPath[] Outlines(SKFont font, ushort[] ids)
    {
        var paths = ids.Select(id => font.GetGlyphPath(id) ?? new SKPath()).ToArray();
        foreach (var path in paths)
        {
            // Skia caches a path's bounds lazily; computing them now, on one thread, leaves the
            // paths truly read-only when the parallel loop reads them from several threads.
            _ = path.Bounds;
        }

        return paths;
    }
}
