using System.ComponentModel;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Farm;

/// <summary>Options of a cluster command that can print its answer for scripts.</summary>
public sealed class JsonGatewaySettings : GatewaySettings
{
    [CommandOption("--json")]
    [Description("Print the answer as one line of JSON on stdout (an object, or an array for lists).")]
    public bool Json { get; init; }
}
