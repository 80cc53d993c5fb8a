using Orleans.Serialization;

namespace DwpFarm.Grains.Interfaces.Cluster;

/// <summary>
/// Which exceptions cross between silos and clients as themselves. Orleans serialises only those in namespaces it
/// trusts (Microsoft, System, Azure by default); any other one inside an error, such as the PostgreSQL error under a
/// grain storage failure, makes the error itself unsendable, and the caller gets a codec error in its place.
/// </summary>
public static class RemoteExceptions
{
    /// <summary>Namespaces added to Orleans' defaults: the PostgreSQL driver's, whose errors reach grain callers.</summary>
    public static IReadOnlyList<string> Namespaces { get; } = ["Npgsql"];

    /// <summary>Adds <see cref="Namespaces"/>; silos and clients call it alike, so both ends read what the other wrote.</summary>
    public static void Allow(ExceptionSerializationOptions options)
    {
        foreach (var prefix in Namespaces)
        {
            options.SupportedNamespacePrefixes.Add(prefix);
        }
    }
}
