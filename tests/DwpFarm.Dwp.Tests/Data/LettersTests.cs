using DwpFarm.Data;
using DwpFarm.Dwp.Images;

namespace DwpFarm.Dwp.Tests.Data;

/// <summary>These use the fonts installed on the machine (scripts/setup.sh installs them).</summary>
public sealed class LettersTests : IDisposable
{
    private const int PerClass = 30;
    private static readonly Lazy<IReadOnlyList<FontFile>> InstalledFonts = new(() => FontCatalog.Find(FontCatalog.DefaultFolders));
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Same_seed_gives_the_same_letters_and_another_seed_different_ones()
    {
        var folders = SmallFontFolders(8);

        var first = LettersSource.Load(new DataRoot(_temp.Combine("a")), new LettersOptions(1, PerClass, folders));
        var again = LettersSource.Load(new DataRoot(_temp.Combine("b")), new LettersOptions(1, PerClass, folders));
        var other = LettersSource.Load(new DataRoot(_temp.Combine("c")), new LettersOptions(2, PerClass, folders));

        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Equal(first.Images.Images, again.Images.Images);
        Assert.Equal(first.Fonts, again.Fonts);
        Assert.NotEqual(first.Sha256, other.Sha256);
    }

    [Fact]
    public void Classes_are_exactly_balanced_and_no_image_is_blank()
    {
        var data = LettersSource.Load(new DataRoot(_temp.Path), new LettersOptions(0, PerClass, SmallFontFolders(8)));

        Assert.Equal(Enumerable.Repeat(PerClass, 10), data.Images.ClassCounts());
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"], data.Images.ClassNames);
        for (var i = 0; i < data.Images.Count; i++)
        {
            var image = data.Images.Image(i);
            var ink = 0.0;
            foreach (var value in image)
            {
                ink += value / 255.0;
            }

            Assert.True(ink >= 8, $"image {i} (class {data.Images.ClassNames[data.Images.Labels[i]]}) holds only {ink:0.0} pixels of ink");
            Assert.True(ink <= 0.75 * ImageSet.Pixels, $"image {i} is mostly ink ({ink:0.0} pixels)");
        }
    }

    [Fact]
    public void The_whole_installed_font_set_vets_and_renders()
    {
        var made = LettersGenerator.Generate(InstalledFonts.Value, seed: 0, imagesPerClass: PerClass);

        Assert.NotEmpty(made.Fonts);
        Assert.Equal(made.Fonts.Count, made.Fonts.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(10 * PerClass, made.Images.Count);
    }

    [Fact]
    public void The_set_is_cached_with_a_manifest_and_read_back()
    {
        var root = new DataRoot(_temp.Path);
        var options = new LettersOptions(5, PerClass, SmallFontFolders(4));
        var log = new List<string>();

        var made = LettersSource.Load(root, options, log.Add);
        var cached = LettersSource.Load(root, options, log.Add);

        Assert.Equal(made.Sha256, cached.Sha256);
        Assert.Equal(made.Fonts, cached.Fonts);
        Assert.Equal(made.Dropped, cached.Dropped);
        Assert.Contains(log, line => line.StartsWith("using cached", StringComparison.Ordinal));
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(root.Path, "letters")));
        Assert.True(File.Exists(Path.Combine(folder, "manifest.json")));
    }

    [Fact]
    public void A_changed_font_set_makes_a_new_set()
    {
        var fonts = Directory.CreateDirectory(_temp.Combine("fonts")).FullName;
        var usable = UsableFontFiles().Take(2).ToList();
        File.Copy(usable[0], Path.Combine(fonts, "a" + Path.GetExtension(usable[0])));
        var root = new DataRoot(_temp.Combine("root"));

        var before = LettersSource.Load(root, new LettersOptions(0, PerClass, [fonts]));
        File.Copy(usable[1], Path.Combine(fonts, "b" + Path.GetExtension(usable[1])));
        var after = LettersSource.Load(root, new LettersOptions(0, PerClass, [fonts]));

        Assert.Single(before.Fonts);
        Assert.Equal(2, after.Fonts.Count);
        Assert.NotEqual(before.Sha256, after.Sha256);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(root.Path, "letters")).Length);
    }

    [Fact]
    public void A_copy_of_a_font_is_dropped_as_a_duplicate()
    {
        var fonts = Directory.CreateDirectory(_temp.Combine("fonts")).FullName;
        var font = UsableFontFiles().First();
        File.Copy(font, Path.Combine(fonts, "one" + Path.GetExtension(font)));
        File.Copy(font, Path.Combine(fonts, "two" + Path.GetExtension(font)));

        var data = LettersSource.Load(new DataRoot(_temp.Combine("root")), new LettersOptions(0, PerClass, [fonts]));

        Assert.Single(data.Fonts);
        Assert.Equal(1, data.Dropped.Duplicates);
    }

    [Fact]
    public void Symbol_fonts_are_dropped()
    {
        var symbolFonts = new[] { "/usr/share/fonts/opentype/urw-base35/StandardSymbolsPS.otf", "/usr/share/fonts/opentype/urw-base35/D050000L.otf" };
        Assert.All(symbolFonts, path => Assert.True(File.Exists(path), $"{path} is missing; scripts/setup.sh installs fonts-urw-base35"));
        var fonts = Directory.CreateDirectory(_temp.Combine("fonts")).FullName;
        foreach (var path in symbolFonts.Append(UsableFontFiles().First()))
        {
            File.Copy(path, Path.Combine(fonts, Path.GetFileName(path)));
        }

        var made = LettersGenerator.Generate(FontCatalog.Find([fonts]), seed: 0, imagesPerClass: 1);

        Assert.Single(made.Fonts);
        Assert.Equal(2, made.Dropped.SymbolEncoded);
    }

    [Fact]
    public void No_fonts_at_all_fails_naming_the_folders_searched()
    {
        var empty = Directory.CreateDirectory(_temp.Combine("no-fonts")).FullName;
        var missing = _temp.Combine("missing");

        var error = Assert.Throws<DwpException>(() =>
            LettersSource.Load(new DataRoot(_temp.Combine("root")), new LettersOptions(FontFolders: [empty, missing])));

        Assert.Contains(empty, error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("root", "letters")));
    }

    [Fact]
    public void Files_that_are_not_fonts_fail_clearly()
    {
        var fonts = Directory.CreateDirectory(_temp.Combine("fonts")).FullName;
        File.WriteAllText(Path.Combine(fonts, "broken.ttf"), "not a font");

        var error = Assert.Throws<DwpException>(() =>
            LettersSource.Load(new DataRoot(_temp.Combine("root")), new LettersOptions(FontFolders: [fonts])));

        Assert.Contains("1 unloadable", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Installed TrueType/OpenType files, in path order; the first few are known to render A..J.</summary>
    private static IEnumerable<string> UsableFontFiles() =>
        InstalledFonts.Value.Select(f => f.Path).Where(p => p.Contains("/dejavu/", StringComparison.Ordinal) || p.Contains("/liberation/", StringComparison.Ordinal));

    /// <summary>A folder of links to a few installed fonts, so tests render quickly.</summary>
    private string[] SmallFontFolders(int count)
    {
        var folder = Directory.CreateDirectory(_temp.Combine($"fonts-{count}")).FullName;
        foreach (var path in UsableFontFiles().Take(count))
        {
            var link = Path.Combine(folder, Path.GetFileName(path));
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, path);
            }
        }

        return [folder];
    }
}
