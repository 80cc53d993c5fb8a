namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>A sweep at a glance: its phase and every phase's progress.</summary>
[GenerateSerializer, Immutable, Alias("dwp.SweepStatus")]
public sealed record SweepStatus
{
    [Id(0)] public required string SweepId { get; init; }

    [Id(1)] public required string Name { get; init; }

    [Id(2)] public SweepPhase Phase { get; init; }

    [Id(3)] public IReadOnlyList<PhaseProgress> Phases { get; init; } = [];

    [Id(4)] public DateTimeOffset SubmittedAt { get; init; }

    [Id(5)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why the sweep stopped, when it failed.</summary>
    [Id(6)] public string? Message { get; init; }

    public bool IsFinished => Phase.IsFinished();
}
