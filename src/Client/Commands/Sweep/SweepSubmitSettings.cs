using System.ComponentModel;
using DwpFarm.Client.Farm;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Sweep;

public sealed class SweepSubmitSettings : GatewaySettings
{
    [CommandArgument(0, "<SPEC>")]
    [Description("The sweep spec, a YAML file (see docs/sweep-spec.md).")]
    public string SpecPath { get; init; } = string.Empty;

    [CommandOption("--watch")]
    [Description("Follow the sweep's progress until it finishes.")]
    public bool Watch { get; init; }
}
