using System.Globalization;

namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>
/// Grain keys of a sweep's units. Every key starts with the sweep id and names its kind, so keys never collide
/// across grain types in shared storage. Units of front f &gt; 0 carry <c>f{f}</c> after the kind; front 0's keys
/// are those of a sweep with one front.
/// </summary>
public static class UnitIds
{
    public static string Source(string sweepId, int index, int front = 0) => string.Create(CultureInfo.InvariantCulture, $"{sweepId}/source/{Front(front)}{index:D4}");

    public static string Bank(string sweepId, int front = 0) => front == 0 ? $"{sweepId}/bank" : string.Create(CultureInfo.InvariantCulture, $"{sweepId}/bank/f{front}");

    public static string Vae(string sweepId, string layer, int front = 0) => $"{sweepId}/vae/{Front(front)}{layer}";

    public static string Evaluation(string sweepId, string method, int trainSize, int seed, int front = 0) =>
        string.Create(CultureInfo.InvariantCulture, $"{sweepId}/eval/{Front(front)}{method}/n{trainSize}/s{seed}");

    /// <summary>The sweep a unit key belongs to.</summary>
    public static string SweepOf(string unitId) => unitId[..unitId.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>The unit kind encoded in a unit key.</summary>
    public static string KindOf(string unitId)
    {
        var parts = unitId.Split('/');
        return parts.Length > 1 ? parts[1] : throw new ArgumentException($"'{unitId}' is not a unit id", nameof(unitId));
    }

    private static string Front(int front) => front == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"f{front}/");
}
