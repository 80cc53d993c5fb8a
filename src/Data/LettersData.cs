using DwpFarm.Dwp.Images;
namespace DwpFarm.Data;

/// <summary>The letters A..J.</summary>
/// <param name="Images">The images, classes "A".."J".</param>
/// <param name="Fonts">The font faces used (family, style, file); empty for a notMNIST folder.</param>
/// <param name="Sha256">The images' fingerprint (<see cref="ImageSet.Sha256()"/>).</param>
/// <param name="SkippedFiles">Unreadable files skipped in a notMNIST folder; 0 when generated.</param>
/// <param name="Origin">The notMNIST folder, or the generator's seed, count and font-set fingerprint.</param>
public sealed record LettersData(ImageSet Images, IReadOnlyList<string> Fonts, string Sha256, int SkippedFiles, string Origin)
{
    /// <summary>The font faces the generator set aside, by reason.</summary>
    public FontDrops Dropped { get; init; } = FontDrops.None;
}
