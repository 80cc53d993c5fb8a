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

    /// <summary>Set only by <c>bench</c> itself for <see cref="BenchArmProcess"/>: measure one arm of the heap row and print it.</summary>
    [CommandOption("--heap-arm <SETTING>", IsHidden = true)]
    public string? HeapArm { get; init; }

    /// <summary>Set only by <c>bench</c> itself for <see cref="BenchArmProcess"/>: measure one arm of the kernel-caps row and print it.</summary>
    [CommandOption("--caps-arm <SETTING>", IsHidden = true)]
    public string? CapsArm { get; init; }

    public override ValidationResult Validate()
        => HeapArm is not (null or BenchArmProcess.Reuse or BenchArmProcess.Glibc) ? ValidationResult.Error($"--heap-arm must be {BenchArmProcess.Reuse} or {BenchArmProcess.Glibc}")
            : CapsArm is not (null or BenchArmProcess.Capped or BenchArmProcess.Native) ? ValidationResult.Error($"--caps-arm must be {BenchArmProcess.Capped} or {BenchArmProcess.Native}")
            : HeapArm is not null && CapsArm is not null ? ValidationResult.Error("--heap-arm and --caps-arm measure different rows: give one")
            : Cores is < 1 ? ValidationResult.Error("--cores must be at least 1")
            : BatchSize < 1 ? ValidationResult.Error("--batch must be at least 1")
            : Seconds is <= 0 or > 600 ? ValidationResult.Error("--seconds must be in (0, 600]")
            : ValidationResult.Success();
}
