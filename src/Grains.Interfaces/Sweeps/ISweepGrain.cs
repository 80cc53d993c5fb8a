using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using Orleans.Concurrency;

namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>
/// One sweep: a durable state machine over source runs → kernel bank → prior → evaluations
/// → report. It survives silo restarts, can be cancelled, and can retry only failed units.
/// </summary>
[Alias("dwp.ISweepGrain")]
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Starts the sweep. Submitting the same spec again is a no-op; a different one is refused.</summary>
    [Alias("Submit")]
    Task<SweepStatus> SubmitAsync(SweepSpec spec, string specText);

    [Alias("GetStatus")]
    Task<SweepStatus> GetStatusAsync();

    /// <summary>Streams the status whenever it changes (at most every <paramref name="interval"/>) until the sweep finishes.</summary>
    [Alias("Watch")]
    IAsyncEnumerable<SweepStatus> WatchAsync(TimeSpan interval, CancellationToken cancellationToken = default);

    /// <summary>Withdraws queued units and stops new ones; running units finish their attempt.</summary>
    [Alias("Cancel")]
    Task<SweepStatus> CancelAsync();

    /// <summary>
    /// Queues the failed units again. A unit that failed on a corrupt or missing input also re-runs the input's
    /// producer, and every unit downstream of that producer, so the rewritten artifact and everything built on it agree.
    /// </summary>
    [Alias("RetryFailed")]
    Task<SweepRetry> RetryFailedAsync();

    [Alias("GetReport")]
    Task<SweepReport> GetReportAsync();

    /// <summary>A unit of this sweep finished (completed, failed or cancelled). Idempotent.</summary>
    [Alias("OnUnitFinished"), OneWay]
    Task OnUnitFinishedAsync(UnitSummary unit);

    /// <summary>A running unit's progress, throttled by the sender.</summary>
    [Alias("OnUnitProgress"), OneWay]
    Task OnUnitProgressAsync(string unitId, UnitProgress progress);
}
