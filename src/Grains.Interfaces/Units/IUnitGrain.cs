using Orleans.Concurrency;

namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>
/// The lifecycle every work unit shares. The unit's grain is the single authority on
/// its state: slots run attempts, but only the grain decides what counts, so a result
/// reported twice (say, after a lease takeover) is recorded once.
/// </summary>
[Alias("dwp.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Creates the unit with the work its sweep's plan built and queues it; calling again changes nothing.</summary>
    [Alias("Start")]
    Task StartAsync(UnitWork work);

    /// <summary>A slot begins an attempt. Returns the work, or null when the unit no longer needs running.</summary>
    [Alias("BeginAttempt")]
    Task<UnitWork?> BeginAttemptAsync(UnitLease lease);

    /// <summary>Progress of the attempt under <paramref name="generation"/>; stale generations are ignored.</summary>
    [Alias("ReportProgress")]
    Task ReportProgressAsync(long generation, UnitProgress progress);

    /// <summary>Records the result. Returns false when a result was already recorded (idempotent).</summary>
    [Alias("Complete")]
    Task<bool> CompleteAsync(long generation, UnitResult result);

    /// <summary>Records a failure that retrying will not fix (bad input, NaN loss).</summary>
    [Alias("Fail")]
    Task FailAsync(long generation, string error);

    /// <summary>
    /// Records a failure to read <paramref name="input"/> (corrupt or missing in the store): another attempt would
    /// read the same bytes, so the unit fails, naming the artifact, until a retry re-runs the input's producer.
    /// </summary>
    [Alias("FailOnInput")]
    Task FailOnInputAsync(long generation, ArtifactRef input, string error);

    /// <summary>An attempt ended in an error that another attempt may not hit (kept for the give-up message).</summary>
    [Alias("AttemptFailed")]
    Task AttemptFailedAsync(long generation, string error);

    [Alias("GetSummary"), AlwaysInterleave]
    Task<UnitSummary> GetSummaryAsync();

    /// <summary>Queues a failed unit again; returns whether it was failed.</summary>
    [Alias("Retry")]
    Task<bool> RetryAsync();

    /// <summary>
    /// Forgets the unit's result or failure and withdraws it from the queue, so its sweep's plan starts it again
    /// with fresh work (an artifact it wrote or read must be rewritten). Reports of attempts begun before the reset
    /// are ignored. Returns the unit's summary afterwards.
    /// </summary>
    [Alias("Reset")]
    Task<UnitSummary> ResetAsync();

    /// <summary>Stops the unit from starting again; a running attempt finishes its lease.</summary>
    [Alias("Cancel")]
    Task CancelAsync();
}
