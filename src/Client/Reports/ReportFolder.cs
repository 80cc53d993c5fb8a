namespace DwpFarm.Client.Reports;

/// <summary>Replaces a report folder all at once, so an interrupted write leaves the old report (or none), never half of one.</summary>
internal static class ReportFolder
{
    public static void Replace(string folder, Action<string> fill)
    {
        folder = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        var temp = $"{folder}.tmp-{Guid.NewGuid():N}";
        var old = $"{folder}.old-{Guid.NewGuid():N}";
        Directory.CreateDirectory(temp);
        try
        {
            fill(temp);
            if (Directory.Exists(folder))
            {
                Directory.Move(folder, old);
            }

            Directory.Move(temp, folder);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            if (Directory.Exists(old))
            {
                Directory.Delete(old, recursive: true);
            }
        }
    }
}
