namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>Everything a report says about one unit.</summary>
[GenerateSerializer, Immutable, Alias("dwp.UnitSummary")]
public sealed record UnitSummary
{
    [Id(0)] public required string UnitId { get; init; }

    [Id(1)] public required string Kind { get; init; }

    [Id(2)] public UnitStatus Status { get; init; }

    /// <summary>How many times a slot has started it.</summary>
    [Id(3)] public int Attempts { get; init; }

    /// <summary>The seed its randomness derives from.</summary>
    [Id(4)] public long Seed { get; init; }

    /// <summary>The artifacts it produced (checkpoint, kernels, bank, weights).</summary>
    [Id(5)] public IReadOnlyList<ArtifactRef> Artifacts { get; init; } = [];

    [Id(6)] public string? Error { get; init; }

    [Id(7)] public UnitProgress? Progress { get; init; }

    [Id(8)] public DateTimeOffset? StartedAt { get; init; }

    [Id(9)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The silo that ran (or runs) it.</summary>
    [Id(10)] public string? Silo { get; init; }

    /// <summary>The recorded result, once completed.</summary>
    [Id(11)] public UnitResult? Result { get; init; }

    /// <summary>The artifacts of other units its work reads: who must run again when one of them is rewritten.</summary>
    [Id(12)] public IReadOnlyList<ArtifactRef> Inputs { get; init; } = [];

    /// <summary>
    /// Set when it failed because this input was corrupt or missing in the store: <c>sweep retry</c> then re-runs
    /// the input's producer, which rewrites it, and every unit downstream of that producer.
    /// </summary>
    [Id(13)] public ArtifactRef? UnreadableInput { get; init; }

    /// <summary>The slots of one silo it holds while it runs (<see cref="Specs.SlotsSpec"/>): its busy slot-seconds are its time × this.</summary>
    [Id(14)] public int Slots { get; init; } = 1;
}
