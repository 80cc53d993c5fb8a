namespace DwpFarm.Data;

/// <summary>
/// The folder that holds cached data sets (and, for the embedded farm, its database).
/// Resolved from an explicit path, else <c>DWPFARM_DATA</c>, else the per-user cache folder.
/// </summary>
public sealed record DataRoot(string Path)
{
    public const string EnvironmentVariable = "DWPFARM_DATA";

    public static DataRoot Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return new DataRoot(System.IO.Path.GetFullPath(explicitPath));
        }

        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return new DataRoot(System.IO.Path.GetFullPath(fromEnv));
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cache))
        {
            cache = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return new DataRoot(System.IO.Path.Combine(cache, "dwpfarm"));
    }

    /// <summary>A sub-folder of the root, created on demand.</summary>
    public string Folder(string name)
    {
        var dir = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
