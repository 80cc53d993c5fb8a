using DwpFarm.Data;
using DwpFarm.Data.PyTorch;
using DwpFarm.Dwp;

namespace DwpFarm.Pipeline.Import;

/// <summary>
/// The published prior as <c>dwpfarm prior import</c> copies it into the data folder, so that <c>lab fewshot</c> can use
/// it without a path: no front two cores can build gives a prior that beats N(0, 1) in bayes mode (docs/results.md),
/// and the authors' files may not ship with this project. Each install is a folder named by its content
/// (<c>prior/published-&lt;sha&gt;</c>, the authors' layout) and <c>prior/current</c> names the one in use, so a run
/// that has resolved the folder reads the same bytes whatever is installed meanwhile, and concurrent installs of the
/// same files share one folder.
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

    private const string Pointer = "current";

    /// <summary>The folder of <paramref name="root"/> that holds installed priors, whether or not there is one.</summary>
    public static string FolderIn(DataRoot root) => Path.Combine(root.Path, "prior");

    /// <summary>The installed prior's folder, or null when none is installed.</summary>
    public static string? Find(DataRoot root)
    {
        var pointer = Path.Combine(FolderIn(root), Pointer);
        if (!File.Exists(pointer))
        {
            return null;
        }

        var folder = Path.Combine(FolderIn(root), File.ReadAllText(pointer).Trim());
        return Required.All(f => File.Exists(Path.Combine(folder, f))) ? folder : null;
    }

    /// <summary>
    /// Copies the layout's files from <paramref name="source"/> into a folder named by their content and then points
    /// <c>prior/current</c> at it with one rename, so a failed copy leaves the earlier prior in use. The caller has
    /// loaded <paramref name="source"/> first: a folder that does not load is never installed.
    /// </summary>
    public static string Install(string source, DataRoot root)
    {
        var missing = Required.Where(f => !File.Exists(Path.Combine(source, f))).ToList();
        if (missing.Count > 0)
        {
            throw new DwpException($"{source}: {string.Join(", ", missing)} missing; nothing installed");
        }

        var files = LayoutFiles.Where(f => File.Exists(Path.Combine(source, f))).Select(f => (Name: f, Bytes: FileBytes.Read(Path.Combine(source, f)))).ToList();
        using var fingerprint = new LayoutFingerprint();
        files.ForEach(f => fingerprint.Add(f.Name, f.Bytes));
        var name = $"published-{fingerprint.Hex()[..16]}";
        var prior = FolderIn(root);
        var target = Path.Combine(prior, name);
        if (!Directory.Exists(target))
        {
            // Copies the bytes read and hashed above, so the name describes what the folder holds.
            AtomicFolder.Create(target, dir =>
            {
                foreach (var (file, bytes) in files)
                {
                    var to = Path.Combine(dir, file);
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    File.WriteAllBytes(to, bytes);
                }
            });
        }

        var temporary = Path.Combine(prior, $"{Pointer}.tmp-{Guid.NewGuid():N}");
        File.WriteAllText(temporary, name + "\n");
        File.Move(temporary, Path.Combine(prior, Pointer), overwrite: true);
        return target;
    }
}
