using System.ComponentModel;
using DwpFarm.Client.Farm;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Sweep;

public sealed class SweepLogsSettings : SweepIdSettings
{
    [CommandOption("--unit <UNIT>")]
    [Description("Only the units whose id, after the sweep id, starts with this: a unit (source/0001, vae/conv1, eval/dwp/n50/s0) or a group (eval/dwp).")]
    public string? Unit { get; init; }

    [CommandOption("-f|--follow")]
    [Description("Keep printing new lines until the sweep has finished.")]
    public bool Follow { get; init; }

    [CommandOption("--json")]
    [Description("One JSON object per line: id, unitId, attempt, at, silo, level, message.")]
    public bool Json { get; init; }

    /// <summary>The unit filter as a prefix of full unit ids, or null for every unit.</summary>
    public string? UnitPrefix => string.IsNullOrWhiteSpace(Unit) ? null : $"{SweepId}/{Unit.Trim()}";

    public override ValidationResult Validate() =>
        Unit is not null && (Unit.Trim().Length == 0 || Unit.Trim().StartsWith('/'))
            ? ValidationResult.Error($"--unit takes a unit id after the sweep id, like source/0001 or eval/dwp, got '{Unit}'")
            : base.Validate();
}
