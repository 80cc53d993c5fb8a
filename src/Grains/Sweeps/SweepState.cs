using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Sweeps;

/// <summary>The sweep's persisted state machine.</summary>
[GenerateSerializer, Alias("dwp.SweepState")]
public sealed class SweepState
{
    [Id(0)] public SweepSpec? Spec { get; set; }

    [Id(1)] public string SpecText { get; set; } = string.Empty;

    [Id(2)] public SweepPhase Phase { get; set; } = SweepPhase.Submitted;

    [Id(3)] public DateTimeOffset SubmittedAt { get; set; }

    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(5)] public string? Message { get; set; }

    /// <summary>The last known summary of every unit created so far, by unit id.</summary>
    [Id(6)] public Dictionary<string, UnitSummary> Units { get; set; } = [];

    /// <summary>The phase a failed sweep stopped in, to resume after a retry.</summary>
    [Id(9)] public SweepPhase FailedIn { get; set; }

    [Id(10)] public Dictionary<SweepPhase, DateTimeOffset> PhaseStartedAt { get; set; } = [];
}
