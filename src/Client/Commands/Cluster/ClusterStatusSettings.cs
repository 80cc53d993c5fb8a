using System.ComponentModel;
using DwpFarm.Client.Farm;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Cluster;

public sealed class ClusterStatusSettings : GatewaySettings
{
    [CommandOption("--json")]
    [Description("Print the status as one JSON object.")]
    public bool Json { get; init; }
}
