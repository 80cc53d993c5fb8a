using System.Globalization;

namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>
/// Grain keys of a sweep's units. Every key starts with the sweep id and names its kind,
/// so keys never collide across grain types in shared storage.
/// </summary>
public static class UnitIds
{
    public static string Source(string sweepId, int index) => string.Create(CultureInfo.InvariantCulture, $"{sweepId}/source/{index:D4}");

    public static string Bank(string sweepId) => $"{sweepId}/bank";

    public static string Vae(string sweepId, string layer) => $"{sweepId}/vae/{layer}";

    public static string Evaluation(string sweepId, string method, int trainSize, int seed) =>
        string.Create(CultureInfo.InvariantCulture, $"{sweepId}/eval/{method}/n{trainSize}/s{seed}");

    /// <summary>The sweep a unit key belongs to.</summary>
    public static string SweepOf(string unitId) => unitId[..unitId.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>The unit kind encoded in a unit key.</summary>
    public static string KindOf(string unitId)
    {
        var parts = unitId.Split('/');
        return parts.Length > 1 ? parts[1] : throw new ArgumentException($"'{unitId}' is not a unit id", nameof(unitId));
    }
}
