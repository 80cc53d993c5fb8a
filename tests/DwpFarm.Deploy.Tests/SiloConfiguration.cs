using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DwpFarm.Deploy.Tests;

/// <summary>
/// The configuration keys the silo really reads, taken from its sources without referencing
/// them (that would pull in TorchSharp): the settable properties of its options classes,
/// every key of its appsettings.json, and the enum values the options accept.
/// </summary>
internal static partial class SiloConfiguration
{
    private static readonly string[] OptionsClasses =
    [
        "src/Hosting/FarmOptions.cs",
        "src/Grains/Execution/SlotOptions.cs",
        "src/Storage/DatabaseOptions.cs",
        "src/Hosting/ClusterTlsOptions.cs",
        "src/Silo/FarmDashboardOptions.cs",
    ];

    /// <summary><c>Section:Key</c> names, compared as .NET configuration does: ignoring case.</summary>
    public static IReadOnlySet<string> Keys()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in OptionsClasses)
        {
            var source = Repo.Read(file);
            var section = SectionName().Match(source);
            Assert.True(section.Success, $"{file} has no SectionName");
            var properties = SettableProperty().Matches(source).Select(m => m.Groups["name"].Value).ToList();
            Assert.True(properties.Count > 0, $"{file}: no settable properties found");
            keys.UnionWith(properties.Select(p => $"{section.Groups["name"].Value}:{p}"));
        }

        Flatten(JsonNode.Parse(Repo.Read("src", "Silo", "appsettings.json")), string.Empty, keys);
        return keys;
    }

    /// <summary>The members of an enum declared in <paramref name="file"/>.</summary>
    public static IReadOnlyList<string> EnumMembers(string file)
    {
        var source = string.Join('\n', Repo.Read(file).Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        var body = EnumBody().Match(source);
        Assert.True(body.Success, $"{file} declares no enum");
        return [.. body.Groups["body"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>The values a <c>[RegularExpression("^(a|b)$")]</c> option accepts, from <c>SlotOptions.Device</c>.</summary>
    public static IReadOnlyList<string> Devices()
    {
        var match = DevicePattern().Match(Repo.Read("src/Grains/Execution/SlotOptions.cs"));
        Assert.True(match.Success, "SlotOptions.Device has no ^(…)$ pattern");
        return match.Groups["values"].Value.Split('|');
    }

    /// <summary>The environment variable of the silo's log format (LoggingExtensions.FormatKey).</summary>
    public static string LogFormatVariable()
    {
        var match = FormatKey().Match(Repo.Read("src/Silo/LoggingExtensions.cs"));
        Assert.True(match.Success, "LoggingExtensions has no FormatKey");
        return match.Groups["name"].Value;
    }

    private static void Flatten(JsonNode? node, string prefix, HashSet<string> keys)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                Flatten(value, prefix.Length == 0 ? key : $"{prefix}:{key}", keys);
            }
        }
        else
        {
            keys.Add(prefix);
        }
    }

    [GeneratedRegex("""const string SectionName = "(?<name>[\w:]+)";""")]
    private static partial Regex SectionName();

    [GeneratedRegex("""public\s+[\w?<>\[\], ]+?\s+(?<name>\w+)\s*\{\s*get;\s*set;\s*\}""")]
    private static partial Regex SettableProperty();

    [GeneratedRegex("""enum\s+\w+\s*\{(?<body>[^}]*)\}""")]
    private static partial Regex EnumBody();

    [GeneratedRegex("""RegularExpression\("\^\((?<values>[\w|]+)\)\$"\)\]\s*public string Device""")]
    private static partial Regex DevicePattern();

    [GeneratedRegex("""const string FormatKey = "(?<name>\w+)";""")]
    private static partial Regex FormatKey();
}
