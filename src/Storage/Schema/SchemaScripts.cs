using System.Globalization;
using System.Reflection;

namespace DwpFarm.Storage.Schema;

/// <summary>
/// The project's own schema scripts, per provider, in version order. The Orleans
/// packages ship no SQL, so the tables and OrleansQuery rows they read live here.
/// </summary>
public static class SchemaScripts
{
    public static IReadOnlyList<SchemaScript> For(DatabaseProvider provider)
    {
        var prefix = provider + "/";
        var assembly = typeof(SchemaScripts).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            scripts.Add(new SchemaScript(version, name, Read(assembly, resource)));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        return scripts;
    }

    /// <summary>The version a fully initialised database of this provider has.</summary>
    public static int LatestVersion(DatabaseProvider provider) => For(provider).Select(s => s.Version).DefaultIfEmpty(0).Max();

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
