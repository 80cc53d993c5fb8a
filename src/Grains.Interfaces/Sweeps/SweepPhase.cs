namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>The sweep state machine: each phase starts when the one before it has finished.
/// The report is assembled from the recorded results whenever it is asked for.</summary>
[GenerateSerializer, Alias("dwp.SweepPhase")]
public enum SweepPhase
{
    Submitted = 0,
    Sources = 1,
    Bank = 2,
    Prior = 3,
    Evaluations = 4,
    Completed = 5,

    /// <summary>A phase cannot go on until its failed units are retried.</summary>
    Failed = 6,
    Cancelled = 7,
}
