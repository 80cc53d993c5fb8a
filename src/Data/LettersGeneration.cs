using DwpFarm.Dwp.Images;
namespace DwpFarm.Data;

/// <summary>What the letters generator made, and from which fonts.</summary>
/// <param name="Images">The letters, class-major: all of A, then all of B, …</param>
/// <param name="Fonts">The kept faces, in the order images cycle through them.</param>
/// <param name="Dropped">The faces set aside, by reason.</param>
public sealed record LettersGeneration(ImageSet Images, IReadOnlyList<string> Fonts, FontDrops Dropped);
