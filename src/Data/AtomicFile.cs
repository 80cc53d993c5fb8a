namespace DwpFarm.Data;

/// <summary>Writes a file all at once: into a temporary sibling, then renamed over the target.</summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> contents)
    {
        path = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(path) ?? throw new ArgumentException($"{path} has no parent folder", nameof(path));
        Directory.CreateDirectory(parent);
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var file = File.Create(temp))
            {
                file.Write(contents);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
