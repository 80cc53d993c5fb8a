namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>The sweep state machine: each phase starts when the one before it has finished.</summary>
[GenerateSerializer, Alias("dwp.SweepPhase")]
public enum SweepPhase
{
    Submitted = 0,
    Sources = 1,
    Bank = 2,
    Prior = 3,
    Evaluations = 4,
    Report = 5,
    Completed = 6,

    /// <summary>A phase cannot go on until its failed units are retried.</summary>
    Failed = 7,
    Cancelled = 8,
}
