using System.Data.Common;
using DwpFarm.Dwp;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Units;
using DwpFarm.Storage;
using DwpFarm.Storage.Artifacts;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Logging;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// What a slot does when a unit goes wrong. An error that another attempt would repeat (bad input, corrupt or missing
/// artifacts, a reproduced non-finite loss) fails the unit for good; anything else hands it back to the queue, where
/// the grain counts its attempts against <see cref="SlotOptions.MaxAttempts"/>. A finished result whose grain cannot be
/// reached is retried with doubling waits before the unit is handed back. None of its methods throws for a database or
/// grain that cannot be reached: a slot thread that threw would take its silo down.
/// </summary>
public sealed class SlotFailurePolicy(WorkQueue queue, SlotMetrics metrics, TimeProvider time, ILogger<SlotFailurePolicy> logger)
{
    // 0.5, 1, 2, 4 and 8 s: about as long as the cluster takes to move a grain off a silo that just died.
    private const int ReportRetries = 5;
    private static readonly TimeSpan FirstReportRetry = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan UnreachableBackoff = TimeSpan.FromSeconds(2);

    /// <summary>The grain could not begin the attempt, so nothing ran: the unit goes back uncounted, after a back-off.</summary>
    public void NotBegun(WorkLease lease, Exception error)
    {
        logger.UnitTransient(error, lease.UnitId, lease.Attempt, error.Message);
        try
        {
            queue.DeferAsync(lease, UnreachableBackoff, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is FarmDatabaseException or DbException)
        {
            logger.QueueUnreachable(-1, ex.Message);
        }
    }

    /// <summary>
    /// The grain had nothing to run (the unit finished, failed for good or was cancelled meanwhile): its queue row goes.
    /// If the queue cannot be reached the lease runs out, and the next claim finds nothing to run again.
    /// </summary>
    public void NothingToRun(WorkLease lease)
    {
        try
        {
            queue.CompleteAsync(lease.UnitId, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is FarmDatabaseException or DbException)
        {
            logger.QueueUnreachable(-1, ex.Message);
        }
    }

    /// <summary>This silo cannot run units of the lease's kind: the unit fails for good with <paramref name="error"/>.</summary>
    internal void NoRunner(IUnitGrain grain, WorkLease lease, AttemptLog log, string error) =>
        FailForGood(lease, log, error, () => grain.FailAsync(lease.Generation, error));

    /// <summary>An attempt threw <paramref name="error"/>: fails the unit for good, or hands it back to the queue.</summary>
    internal void AttemptFailed(IUnitGrain grain, WorkLease lease, AttemptLog log, LeaseRenewal renewal, Exception error)
    {
        switch (error)
        {
            case OperationCanceledException when renewal.Token.IsCancellationRequested && renewal.Lost:
                logger.LeaseLost(lease.UnitId);
                log.Warning("stopped: the lease was lost, and another slot goes on with the unit");
                metrics.Retried(lease.Kind);
                break;
            case OperationCanceledException when renewal.Token.IsCancellationRequested:
                logger.UnitHandedBack(lease.UnitId, lease.Attempt, "silo stopping");
                log.Warning("handed back: this silo is stopping, and another slot resumes the unit");
                TryRelease(lease);
                metrics.Retried(lease.Kind);
                break;
            case UnreadableArtifactException unreadable:
                FailForGood(lease, log, unreadable.Message, () => grain.FailOnInputAsync(lease.Generation, unreadable.Artifact, unreadable.Message));
                break;
            // Errors that another attempt would hit again: bad input, corrupt artifacts, reproduced NaN losses.
            case DwpException or InvalidDataException or ArtifactCorruptException or ArtifactNotFoundException:
                FailForGood(lease, log, error.Message, () => grain.FailAsync(lease.Generation, error.Message));
                break;
            default:
                logger.UnitTransient(error, lease.UnitId, lease.Attempt, error.Message);
                log.Warning($"attempt failed, to be tried again: {error.Message}");
                NoteAttemptError(grain, lease, error);
                TryRelease(lease);
                metrics.Retried(lease.Kind);
                break;
        }
    }

    /// <summary>
    /// Runs <paramref name="report"/> (a finished result's report to its grain) until it succeeds; true then. The grain
    /// may sit on a silo that just died, so the report is retried while the cluster moves it, rather than the run thrown
    /// away; after the last retry the unit goes back to the queue and false is returned.
    /// </summary>
    public async Task<bool> ReportAsync(WorkLease lease, Func<Task> report)
    {
        for (var retry = 0; ; retry++)
        {
            try
            {
                await report();
                return true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.UnitTransient(ex, lease.UnitId, lease.Attempt, ex.Message);
                if (retry == ReportRetries)
                {
                    TryRelease(lease);
                    metrics.Retried(lease.Kind);
                    return false;
                }

                await Task.Delay(FirstReportRetry * (1 << retry), time);
            }
        }
    }

    /// <summary>
    /// Logs <paramref name="error"/> and tells the grain that its unit failed for good. A grain that cannot be told (its
    /// silo died, its storage refused the write) gets the unit back instead: the next attempt meets the same error and
    /// tells it again.
    /// </summary>
    private void FailForGood(WorkLease lease, AttemptLog log, string error, Func<Task> tell)
    {
        logger.UnitFailed(lease.UnitId, lease.Attempt, error);
        log.Error($"failed: {error}");
        try
        {
            tell().GetAwaiter().GetResult();
            metrics.Failed(lease.Kind);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.UnitTransient(ex, lease.UnitId, lease.Attempt, $"the failure could not be recorded, so the unit goes back to the queue: {ex.Message}");
            TryRelease(lease);
            metrics.Retried(lease.Kind);
        }
    }

    private void NoteAttemptError(IUnitGrain grain, WorkLease lease, Exception error)
    {
        try
        {
            grain.AttemptFailedAsync(lease.Generation, $"{error.GetType().Name}: {error.Message}").GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Best effort: the message only improves a later give-up error.
            logger.QueueUnreachable(-1, ex.Message);
        }
    }

    private void TryRelease(WorkLease lease)
    {
        try
        {
            queue.ReleaseAsync(lease, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is FarmDatabaseException or DbException)
        {
            // The lease expires on its own and the unit is handed out again.
            logger.QueueUnreachable(-1, ex.Message);
        }
    }
}
