namespace DwpFarm.Client.Reports;

/// <summary>
/// Writes a report folder without ever deleting a user's files. A new folder appears all at
/// once; an existing one must be empty or an earlier report, recognised by the marker file
/// the writer leaves, and then only the files that marker lists are replaced.
/// </summary>
public static class ReportFolder
{
    /// <summary>The marker file: a comment line, then the names of the files the report owns.</summary>
    public const string MarkerName = ".dwpfarm-report";

    private const string MarkerHeader = "# written by dwpfarm; the files below belong to the report and are replaced with it";

    /// <summary>
    /// Throws <see cref="ReportFolderRefusedException"/> unless a report may be written to
    /// <paramref name="folder"/>, so commands can refuse before hours of work rather than after.
    /// </summary>
    public static void EnsureWritable(string folder) => OwnedFiles(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));

    public static void Replace(string folder, Action<string> fill)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var owned = OwnedFiles(target);
        // A fresh folder is staged beside its final place and renamed in one step; an existing
        // one is staged inside itself, where it is surely writable and on the same file system.
        var staging = owned is null ? $"{target}.tmp-{Guid.NewGuid():N}" : Path.Combine(target, $"{MarkerName}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            fill(staging);
            var written = Directory.GetFiles(staging).Select(f => Path.GetFileName(f)).ToList();
            if (owned is null)
            {
                WriteMarker(staging, written);
                Directory.Move(staging, target);
                return;
            }

            var clash = written.FirstOrDefault(name => !owned.Contains(name) && Path.Exists(Path.Combine(target, name)));
            if (clash is not null)
            {
                throw new ReportFolderRefusedException($"{Path.Combine(target, clash)} was not written by an earlier report; refusing to replace it (move it away or choose another folder)");
            }

            // The marker lists both sets while files move, so an interrupted replace still owns them all.
            WriteMarker(target, [.. owned.Union(written, StringComparer.Ordinal)]);
            foreach (var name in written)
            {
                File.Move(Path.Combine(staging, name), Path.Combine(target, name), overwrite: true);
            }

            foreach (var stale in owned.Except(written, StringComparer.Ordinal).Select(name => Path.Combine(target, name)).Where(File.Exists))
            {
                File.Delete(stale);
            }

            WriteMarker(target, written);
        }
        finally
        {
            // Only the staging folder this call created is ever deleted as a whole.
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Null for a folder that does not exist yet; the files an earlier report owns (none for an empty folder); else refused.</summary>
    private static HashSet<string>? OwnedFiles(string folder)
    {
        if (File.Exists(folder))
        {
            throw new ReportFolderRefusedException($"{folder} is a file, not a folder; choose a new or empty folder for the report");
        }

        if (!Directory.Exists(folder))
        {
            return null;
        }

        var marker = Path.Combine(folder, MarkerName);
        if (File.Exists(marker))
        {
            // Only plain names inside the folder count: an edited marker cannot reach other files.
            return [.. File.ReadAllLines(marker).Where(line => line.Length > 0 && !line.StartsWith('#') && line == Path.GetFileName(line) && line is not "." and not ".." && line != MarkerName)];
        }

        return Directory.EnumerateFileSystemEntries(folder).Any()
            ? throw new ReportFolderRefusedException($"{folder} is not empty and holds no earlier report (no {MarkerName} file); refusing to write over it: choose a new or empty folder")
            : [];
    }

    private static void WriteMarker(string folder, IEnumerable<string> files) =>
        File.WriteAllLines(Path.Combine(folder, MarkerName), [MarkerHeader, .. files.Order(StringComparer.Ordinal)]);
}
