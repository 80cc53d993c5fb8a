using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>Options of <c>dwpfarm lab init-compare</c>.</summary>
public sealed class InitCompareSettings : LabCommandSettings
{
    [CommandOption("--seeds <R>")]
    [Description("Target runs per initialiser (seeds 0..R-1).")]
    [DefaultValue(5)]
    public int Seeds { get; init; } = 5;

    public override ValidationResult Validate()
        => Seeds < 2 ? ValidationResult.Error("--seeds must be at least 2 (the table reports standard deviations)") : base.Validate();
}
