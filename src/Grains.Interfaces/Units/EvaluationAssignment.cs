using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>Everything an evaluation unit is created with.</summary>
[GenerateSerializer, Immutable, Alias("dwp.EvaluationAssignment")]
public sealed record EvaluationAssignment
{
    [Id(0)] public required string SweepId { get; init; }

    [Id(1)] public required EvaluationSpec Spec { get; init; }

    [Id(2)] public required string Method { get; init; }

    [Id(3)] public required int TrainSize { get; init; }

    [Id(4)] public required int Seed { get; init; }

    [Id(5)] public required ArtifactRef Bank { get; init; }

    [Id(6)] public required IReadOnlyList<ArtifactRef> Vaes { get; init; }

    [Id(7)] public required ResourcesSpec Resources { get; init; }
}
