using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Farm;

/// <summary>Options of the commands that act on one sweep.</summary>
public class SweepIdSettings : GatewaySettings
{
    [CommandArgument(0, "<ID>")]
    [Description("The sweep id that `sweep submit` printed.")]
    public string SweepId { get; init; } = string.Empty;

    public override ValidationResult Validate() =>
        !SweepIds.IsValid(SweepId) ? ValidationResult.Error($"'{SweepId}' is not a sweep id") : base.Validate();
}
