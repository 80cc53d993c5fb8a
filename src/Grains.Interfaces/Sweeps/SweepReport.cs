using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>Everything needed to write a sweep's report; artifacts stay behind their references.</summary>
[GenerateSerializer, Immutable, Alias("dwp.SweepReport")]
public sealed record SweepReport
{
    [Id(0)] public required SweepStatus Status { get; init; }

    [Id(1)] public required SweepSpec Spec { get; init; }

    /// <summary>The spec exactly as submitted.</summary>
    [Id(2)] public required string SpecText { get; init; }

    /// <summary>Every unit with its status, attempts, seed, artifacts and result.</summary>
    [Id(3)] public required IReadOnlyList<UnitSummary> Units { get; init; }

    /// <summary>
    /// The slots the sweep could use: the lab's, or the farm's live silos' when the report was taken (a cluster that
    /// scaled during the sweep is counted as it is now); null when unknown.
    /// </summary>
    [Id(4)] public int? Slots { get; init; }
}
