using System.Globalization;
using System.Text.RegularExpressions;

namespace DwpFarm.Client.Farm;

/// <summary>Sweep ids: a slug of the spec's name, the UTC submit time and a random suffix.</summary>
public static partial class SweepIds
{
    public static string New(string name, DateTimeOffset now)
    {
        var slug = Slug().Replace(name.ToLowerInvariant(), "-").Trim('-');
        slug = slug.Length == 0 ? "sweep" : slug[..Math.Min(slug.Length, 32)];
        return string.Create(CultureInfo.InvariantCulture, $"{slug}-{now:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}");
    }

    public static bool IsValid(string id) => Valid().IsMatch(id);

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Slug();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,80}$")]
    private static partial Regex Valid();
}
