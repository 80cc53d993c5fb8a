using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Units;

/// <summary>The persisted state every unit grain shares.</summary>
[GenerateSerializer, Alias("dwp.UnitState")]
public class UnitState
{
    [Id(0)] public string SweepId { get; set; } = string.Empty;

    [Id(1)] public UnitStatus Status { get; set; } = UnitStatus.Pending;

    /// <summary>What a slot needs to run the unit; set when the unit becomes runnable.</summary>
    [Id(2)] public UnitWork? Work { get; set; }

    [Id(3)] public UnitResult? Result { get; set; }

    [Id(4)] public string? Error { get; set; }

    [Id(5)] public int Attempts { get; set; }

    /// <summary>Queue generation of the current attempt; older generations' reports are stale.</summary>
    [Id(6)] public long Generation { get; set; }

    [Id(7)] public string? Silo { get; set; }

    [Id(8)] public DateTimeOffset? StartedAt { get; set; }

    [Id(9)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(10)] public long Seed { get; set; }

    /// <summary>Whether the sweep has been told of the terminal status (re-sent on reactivation if not).</summary>
    [Id(11)] public bool SweepNotified { get; set; }

    /// <summary>The error of the latest attempt that ended without a result.</summary>
    [Id(12)] public string? LastAttemptError { get; set; }

    /// <summary>The last attempt's generation when the unit was reset: reports of it and earlier attempts are stale.</summary>
    [Id(13)] public long ResetGeneration { get; set; }

    /// <summary>The input the unit failed to read (corrupt or missing), when that is why it failed.</summary>
    [Id(14)] public ArtifactRef? UnreadableInput { get; set; }

    public bool IsTerminal => Status.IsTerminal();
}
