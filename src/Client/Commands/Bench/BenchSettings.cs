using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Bench;

/// <summary>Options of <c>dwpfarm bench</c>.</summary>
public sealed class BenchSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print the figures as one JSON line on stdout (progress goes to stderr).")]
    public bool Json { get; init; }

    [CommandOption("--cores <N>")]
    [Description("Cores to use (default: all).")]
    public int? Cores { get; init; }

    [CommandOption("--batch <N>")]
    [Description("Training batch size of the FConvMnist measurements.")]
    [DefaultValue(256)]
    public int BatchSize { get; init; } = 256;

    [CommandOption("--seconds <S>")]
    [Description("Timed seconds per measurement, after warm-up.")]
    [DefaultValue(4.0)]
    public double Seconds { get; init; } = 4.0;

    public override ValidationResult Validate()
        => Cores is < 1 ? ValidationResult.Error("--cores must be at least 1")
            : BatchSize < 1 ? ValidationResult.Error("--batch must be at least 1")
            : Seconds is <= 0 or > 600 ? ValidationResult.Error("--seconds must be in (0, 600]")
            : ValidationResult.Success();
}
