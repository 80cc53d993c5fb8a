using DwpFarm.Dwp;
using DwpFarm.Dwp.Images;

namespace DwpFarm.Data;

/// <summary>
/// Reads the original notMNIST layout, <c>&lt;folder&gt;/A/*.png … J/*.png</c>, into 28×28 grey images.
/// The original set holds a few corrupt PNGs: unreadable files are skipped and counted, not fatal.
/// </summary>
public static class NotMnistFolderReader
{
    public static (ImageSet Images, int SkippedFiles) Read(string folder, Action<string>? log = null)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder))
        {
            throw new DwpException($"{folder}: notMNIST folder does not exist");
        }

        var files = new List<(string Path, byte Label)>();
        for (var c = 0; c < LettersSource.ClassNames.Count; c++)
        {
            var classFolder = Path.Combine(folder, LettersSource.ClassNames[c]);
            if (!Directory.Exists(classFolder))
            {
                throw new DwpException($"{folder}: not a notMNIST folder: it has no {LettersSource.ClassNames[c]}/ sub-folder (expected A/ … J/ holding PNGs)");
            }

            var pngs = Directory.EnumerateFiles(classFolder)
                .Where(path => Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (pngs.Count == 0)
            {
                throw new DwpException($"{classFolder}: holds no PNG files");
            }

            files.AddRange(pngs.Select(path => (path, (byte)c)));
        }

        var pixels = new byte[files.Count * ImageSet.Pixels];
        var readable = new bool[files.Count];
        Parallel.For(0, files.Count, i =>
            readable[i] = GreyImage.TryDecode(files[i].Path, ImageSet.Side, pixels.AsSpan(i * ImageSet.Pixels, ImageSet.Pixels)));

        var kept = Enumerable.Range(0, files.Count).Where(i => readable[i]).ToArray();
        var skipped = files.Count - kept.Length;
        if (skipped > 0)
        {
            log?.Invoke($"skipped {skipped} unreadable files in {folder}, e.g. {files[Array.IndexOf(readable, false)].Path}");
        }

        var all = new ImageSet(pixels, files.Select(f => f.Label).ToArray(), LettersSource.ClassNames);
        var images = all.Subset(kept);
        var emptyClass = Array.IndexOf(images.ClassCounts(), 0);
        if (emptyClass >= 0)
        {
            throw new DwpException($"{Path.Combine(folder, LettersSource.ClassNames[emptyClass])}: none of its PNG files is readable");
        }

        return (images, skipped);
    }
}
