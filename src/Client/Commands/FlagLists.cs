using System.Globalization;

namespace DwpFarm.Client.Commands;

/// <summary>Comma-separated numbers as flags give them (<c>--sizes 50,100</c>).</summary>
public static class FlagLists
{
    /// <summary>A comma-separated list of whole numbers, or null when one is not.</summary>
    public static IReadOnlyList<int>? Ints(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = parts.Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();
        return values.Length == 0 || values.Any(v => v < 0) ? null : values;
    }

    /// <summary>As <see cref="Ints"/>, with every number at least 1.</summary>
    public static IReadOnlyList<int>? PositiveInts(string text) => Ints(text) is { } values && values.All(v => v > 0) ? values : null;
}
