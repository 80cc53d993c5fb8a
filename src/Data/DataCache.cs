using DwpFarm.Dwp;
using System.Text.Json;

namespace DwpFarm.Data;

/// <summary>
/// The load-or-build policy shared by the cached data sets: a folder per cache key holding the
/// data and a <c>manifest.json</c>, written atomically, and rebuilt when it is found damaged.
/// </summary>
internal static class DataCache
{
    public const string ManifestName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Returns what <paramref name="tryLoad"/> finds in <paramref name="folder"/>; when it finds nothing
    /// usable (null or a read error), builds the value, writes it atomically and returns it.
    /// </summary>
    public static T LoadOrBuild<T>(string folder, Func<string, T?> tryLoad, Func<T> build, Action<string, T> write, Action<string>? log)
        where T : class
    {
        if (Directory.Exists(folder))
        {
            var cached = TryLoad(folder, tryLoad, log);
            if (cached is not null)
            {
                log?.Invoke($"using cached {folder}");
                return cached;
            }

            log?.Invoke($"cache {folder} is damaged or stale; rebuilding it");
            AtomicFolder.Delete(folder);
        }

        var value = build();
        AtomicFolder.Create(folder, temp => write(temp, value));
        log?.Invoke($"cached {folder}");
        return value;
    }

    public static void WriteManifest<TManifest>(string folder, TManifest manifest) =>
        File.WriteAllBytes(Path.Combine(folder, ManifestName), JsonSerializer.SerializeToUtf8Bytes(manifest, Json));

    /// <summary>The folder's manifest, or null when it is missing or unreadable.</summary>
    public static TManifest? ReadManifest<TManifest>(string folder)
        where TManifest : class
    {
        var path = Path.Combine(folder, ManifestName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TManifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static T? TryLoad<T>(string folder, Func<string, T?> tryLoad, Action<string>? log)
        where T : class
    {
        try
        {
            return tryLoad(folder);
        }
        catch (Exception ex) when (ex is DwpException or IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"cannot read cache {folder}: {ex.Message}");
            return null;
        }
    }
}
