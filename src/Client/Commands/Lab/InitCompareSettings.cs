using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>Options of <c>dwpfarm lab init-compare</c>.</summary>
public sealed class InitCompareSettings : DataRootSettings
{
    [CommandOption("--sources <S>")]
    [Description("Source nets trained on the letters.")]
    [DefaultValue(4)]
    public int Sources { get; init; } = 4;

    [CommandOption("--seeds <R>")]
    [Description("Target runs per initialiser (seeds 0..R-1).")]
    [DefaultValue(5)]
    public int Seeds { get; init; } = 5;

    [CommandOption("--seed <N>")]
    [Description("Base seed of the whole run.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    [CommandOption("--slots <N>")]
    [Description("Concurrent training slots (default: one per core).")]
    public int? Slots { get; init; }

    [CommandOption("--json")]
    [Description("Print the result as one JSON line on stdout; progress goes to stderr.")]
    public bool Json { get; init; }

    public override ValidationResult Validate()
        => Sources < 1 ? ValidationResult.Error("--sources must be at least 1")
            : Seeds < 2 ? ValidationResult.Error("--seeds must be at least 2 (the table reports standard deviations)")
            : Slots is < 1 ? ValidationResult.Error("--slots must be at least 1")
            : ValidationResult.Success();
}
