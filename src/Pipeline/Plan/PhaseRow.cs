using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Plan;

/// <summary>
/// One phase of the pipeline: its <see cref="SweepPhase"/>, the kind of its units, the stage name a spec's
/// <c>stopAfter</c> uses, how its units are named in messages, what one training sample of its units is (the
/// <c>sample</c> label of the samples metric, so that only like is summed with like), and how its work is built
/// for some of the sweep's fronts from the results of the phases before it.
/// </summary>
public sealed record PhaseRow(
    SweepPhase Phase,
    string Kind,
    string Stage,
    string Units,
    bool FailureStopsSweep,
    string Sample,
    Func<SweepPlan, IReadOnlyDictionary<string, UnitResult>, IReadOnlyList<int>, IReadOnlyList<UnitWork>> Work);
