namespace DwpFarm.Data;

/// <summary>Where the letters (notMNIST-style, classes "A".."J") come from.</summary>
/// <param name="Seed">Seed of the augmentation; part of the cache key.</param>
/// <param name="ImagesPerClass">Images of each letter; part of the cache key.</param>
/// <param name="FontFolders">Folders searched for fonts; null means <see cref="FontCatalog.DefaultFolders"/>.</param>
/// <param name="NotMnistFolder">The original notMNIST layout (A/ … J/ of PNGs); when given, it is read instead of generating.</param>
public sealed record LettersOptions(int Seed = 0, int ImagesPerClass = 2000, IReadOnlyList<string>? FontFolders = null, string? NotMnistFolder = null);
