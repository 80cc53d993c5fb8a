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

    /// <summary>Set only by <c>bench</c> itself for <see cref="HeapArmProcess"/>: measure one arm of the heap row and print it.</summary>
    [CommandOption("--heap-arm <SETTING>", IsHidden = true)]
    public string? HeapArm { get; init; }

    public override ValidationResult Validate()
        => HeapArm is not (null or HeapArmProcess.Reuse or HeapArmProcess.Glibc) ? ValidationResult.Error($"--heap-arm must be {HeapArmProcess.Reuse} or {HeapArmProcess.Glibc}")
            : Cores is < 1 ? ValidationResult.Error("--cores must be at least 1")
            : BatchSize < 1 ? ValidationResult.Error("--batch must be at least 1")
            : Seconds is <= 0 or > 600 ? ValidationResult.Error("--seconds must be in (0, 600]")
            : ValidationResult.Success();
}
