using System.ComponentModel;
using DwpFarm.Client.Farm;
using DwpFarm.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Bench;

/// <summary>Options of <c>dwpfarm bench farm</c>.</summary>
public sealed class BenchFarmSettings : GatewaySettings
{
    [CommandOption("--json")]
    [Description("Print the figures as one JSON line on stdout (progress goes to stderr).")]
    public bool Json { get; init; }

    [CommandOption("--units <N>")]
    [Description("Training units in the measured sweep.")]
    [DefaultValue(500)]
    public int Units { get; init; } = 500;

    [CommandOption("--unit-seconds <S>")]
    [Description("Target run time of one unit.")]
    [DefaultValue(1.0)]
    public double UnitSeconds { get; init; } = 1.0;

    [CommandOption("--cluster")]
    [Description("Run on the cluster at --gateway / DWPFARM_GATEWAY instead of an in-process silo (implied by either).")]
    public bool Cluster { get; init; }

    [CommandOption("--slots <N>")]
    [Description("Slots of the in-process silo (default: one per core).")]
    public int Slots { get; init; }

    [CommandOption("--data <DIR>")]
    [Description("Data folder of the in-process silo (default: $" + DataRoot.EnvironmentVariable + ", else ~/.cache/dwpfarm).")]
    public string? Data { get; init; }

    /// <summary>A gateway named in either place means a cluster, as for every other command; an empty DWPFARM_GATEWAY means none.</summary>
    public bool OnCluster => Cluster || !string.IsNullOrWhiteSpace(Gateway) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable));

    public override ValidationResult Validate()
        => Units is < 1 or > 10_000 ? ValidationResult.Error("--units must be between 1 and 10000")
            : UnitSeconds is <= 0 or > 600 ? ValidationResult.Error("--unit-seconds must be in (0, 600]")
            : Slots is < 0 or > 1024 ? ValidationResult.Error("--slots must be between 0 and 1024")
            : OnCluster && Slots > 0 ? ValidationResult.Error("--slots applies to the in-process silo; a cluster's slots are its silos' own (an empty DWPFARM_GATEWAY runs in-process)")
            : base.Validate();
}
