using System.Text.RegularExpressions;

namespace DwpFarm.Deploy.Tests;

/// <summary>The CLI's environment variables, by constant name, taken from its sources (GatewaySettings).</summary>
internal static partial class CliConfiguration
{
    /// <summary>For example <c>TlsCertificateVariable</c> → <c>DWPFARM_TLS_CERTIFICATE</c>.</summary>
    public static IReadOnlyDictionary<string, string> Variables()
    {
        var variables = Variable().Matches(Repo.Read("src", "Client", "Farm", "GatewaySettings.cs"))
            .ToDictionary(m => m.Groups["constant"].Value, m => m.Groups["name"].Value, StringComparer.Ordinal);
        Assert.True(variables.Count > 0, "GatewaySettings declares no DWPFARM_ variables");
        return variables;
    }

    [GeneratedRegex("""const string (?<constant>\w+) = "(?<name>DWPFARM_\w+)";""")]
    private static partial Regex Variable();
}
