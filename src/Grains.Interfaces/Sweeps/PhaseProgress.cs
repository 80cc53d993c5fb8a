namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>Units of one phase by state, with throughput and an ETA for the live ones.</summary>
[GenerateSerializer, Immutable, Alias("dwp.PhaseProgress")]
public sealed record PhaseProgress
{
    [Id(0)] public required SweepPhase Phase { get; init; }

    [Id(1)] public int Total { get; init; }

    [Id(2)] public int Completed { get; init; }

    [Id(3)] public int Failed { get; init; }

    [Id(4)] public int Running { get; init; }

    /// <summary>Training samples (or kernels) per second summed over the running units.</summary>
    [Id(5)] public double SamplesPerSecond { get; init; }

    /// <summary>Estimated time to finish the phase, when it can be told.</summary>
    [Id(6)] public TimeSpan? Eta { get; init; }

    /// <summary>Fraction of the phase's work done, 0 to 1, counting partial progress of running units.</summary>
    [Id(7)] public double Fraction { get; init; }

    /// <summary>Slots the running units hold: more than <see cref="Running"/> when a unit holds several.</summary>
    [Id(8)] public int BusySlots { get; init; }
}
