namespace DwpFarm.Data;

/// <summary>
/// Creates a folder all at once: it is filled under a temporary sibling name and renamed into place,
/// so readers see either nothing or the complete folder, never a half-written one.
/// </summary>
public static class AtomicFolder
{
    private const string TempMarker = ".tmp-";

    /// <summary>Temporary siblings older than this were left by a killed process and are removed.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// Fills a fresh temporary sibling of <paramref name="folder"/> and renames it to <paramref name="folder"/>.
    /// On any failure the temporary folder is deleted and the exception propagates. If another process
    /// created <paramref name="folder"/> first, its copy is kept and ours is discarded.
    /// </summary>
    public static void Create(string folder, Action<string> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        folder = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(folder) ?? throw new ArgumentException($"{folder} has no parent folder", nameof(folder));
        Directory.CreateDirectory(parent);
        RemoveStaleTemporaries(parent, Path.GetFileName(folder));

        // A sibling, so the final rename stays on one file system and is atomic.
        var temp = $"{folder}{TempMarker}{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(temp);
            fill(temp);
            Directory.Move(temp, folder);
        }
        catch (IOException) when (Directory.Exists(folder) && Directory.Exists(temp))
        {
            // Lost a race with another writer of the same content; theirs is as good as ours.
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Deletes a folder tree if it exists; used to drop a damaged cache before rebuilding it.</summary>
    public static void Delete(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void RemoveStaleTemporaries(string parent, string name)
    {
        foreach (var dir in Directory.EnumerateDirectories(parent, name + TempMarker + "*"))
        {
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir) > StaleAfter)
            {
                TryDelete(dir);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Delete(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary folder is never mistaken for the real one.
        }
    }
}
