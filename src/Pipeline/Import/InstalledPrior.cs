using DwpFarm.Data;
using DwpFarm.Dwp;

namespace DwpFarm.Pipeline.Import;

/// <summary>
/// The published prior as <c>dwpfarm prior import</c> copies it into the data folder (<c>prior/published</c>, the
/// authors' layout), so that <c>lab fewshot</c> can use it without a path: no front two cores can build gives a
/// prior that beats N(0, 1) in bayes mode (docs/results.md), and the authors' files may not ship with this project.
/// </summary>
public static class InstalledPrior
{
    /// <summary>The files of the authors' layout that are copied when present; the two VAEs are required.</summary>
    private static readonly string[] LayoutFiles =
    [
        "vae7x7/vae_params.torch", "vae7x7/params.yaml", "vae5x5/vae_params.torch", "vae5x5/params.yaml",
        "conv7x7/train.npy", "conv7x7/test.npy", "conv5x5/train.npy", "conv5x5/test.npy",
    ];

    private static readonly string[] Required = ["vae7x7/vae_params.torch", "vae5x5/vae_params.torch"];

    /// <summary>Where the installed prior lives in <paramref name="root"/>, whether or not it is there.</summary>
    public static string PathIn(DataRoot root) => Path.Combine(root.Path, "prior", "published");

    /// <summary>The installed prior's folder, or null when none is installed.</summary>
    public static string? Find(DataRoot root)
    {
        var folder = PathIn(root);
        return Required.All(f => File.Exists(Path.Combine(folder, f))) ? folder : null;
    }

    /// <summary>
    /// Copies the layout's files from <paramref name="source"/>, and only once the copy is complete moves any installed
    /// prior aside for it, so a failed copy leaves the old prior in place and never a mix of the two. The caller has
    /// loaded <paramref name="source"/> first: a folder that does not load is never installed.
    /// </summary>
    public static string Install(string source, DataRoot root)
    {
        var missing = Required.Where(f => !File.Exists(Path.Combine(source, f))).ToList();
        if (missing.Count > 0)
        {
            throw new DwpException($"{source}: {string.Join(", ", missing)} missing; nothing installed");
        }

        var target = PathIn(root);
        var staging = $"{target}.staging";
        var previous = $"{target}.previous";
        AtomicFolder.Delete(staging);
        AtomicFolder.Create(staging, dir =>
        {
            foreach (var file in LayoutFiles.Where(f => File.Exists(Path.Combine(source, f))))
            {
                var to = Path.Combine(dir, file);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(Path.Combine(source, file), to);
            }
        });

        AtomicFolder.Delete(previous);
        if (Directory.Exists(target))
        {
            Directory.Move(target, previous);
        }

        Directory.Move(staging, target);
        AtomicFolder.Delete(previous);
        return target;
    }
}
