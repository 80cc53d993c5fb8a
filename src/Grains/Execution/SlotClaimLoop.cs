using System.Collections.Concurrent;
using System.Data.Common;
using DwpFarm.Dwp.Training;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Grains.Units;
using DwpFarm.Pipeline.Units;
using DwpFarm.Storage;
using DwpFarm.Storage.Artifacts;
using DwpFarm.Storage.Logs;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// A slot's loop, run on the slot's own thread: claim the next unit from the shared queue, ask its grain for the work,
/// run it while a <see cref="LeaseRenewal"/> keeps the lease, hand the result to a background report and claim again
/// at once. Claims go through the silo's <see cref="SlotLedger"/>, so a unit that holds several slots takes them
/// together and their other threads idle meanwhile. What goes wrong is the <see cref="SlotFailurePolicy"/>'s to decide.
/// </summary>
public sealed class SlotClaimLoop(
    IGrainFactory grains,
    WorkQueue queue,
    ArtifactStore artifacts,
    UnitLogStore unitLogs,
    IEnumerable<IUnitRunner> runners,
    IOptions<SlotOptions> options,
    SlotMetrics metrics,
    SlotLedger ledger,
    WorkSignal signal,
    ILocalSiloDetails silo,
    SlotFailurePolicy failures,
    TimeProvider time,
    ILogger<SlotClaimLoop> logger)
{
    private readonly Dictionary<string, IUnitRunner> _runners = runners.ToDictionary(r => r.Kind);
    private readonly SlotOptions _options = options.Value;
    private readonly ConcurrentDictionary<Task, byte> _reports = new();

    private string SiloName => silo.SiloAddress.ToParsableString();

    /// <summary>Claims and runs units on the calling thread until <paramref name="stoppingToken"/> is cancelled.</summary>
    public void Run(int slot, string device, CancellationToken stoppingToken)
    {
        ThreadNice.TrySet(_options.Nice);
        var poll = TimeSpan.FromMilliseconds(_options.PollMilliseconds);
        var lease = TimeSpan.FromSeconds(_options.LeaseSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            SlotHold? claimed;
            try
            {
                // Blocks while this slot is held for another slot's unit.
                claimed = ledger.TryClaim(slot, (free, total) => queue.TryClaimAsync(SiloName, lease, free, total, stoppingToken).GetAwaiter().GetResult(), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is FarmDatabaseException or DbException)
            {
                logger.QueueUnreachable(slot, ex.Message);
                signal.Wait(poll * 4, stoppingToken);
                continue;
            }

            if (claimed is null)
            {
                // Waiting on an empty queue, or for enough free slots, is not scheduling latency (the ledger restarts it).
                signal.Wait(poll, stoppingToken);
                continue;
            }

            // The slots are free again from when the attempt returns; null: nothing ran, so the wait still counts.
            ledger.Release(claimed, RunAttempt(claimed, lease, device, stoppingToken));
        }
    }

    /// <summary>Waits for the reports and log lines still being written in the background.</summary>
    public Task ReportsAsync() => Task.WhenAll(_reports.Keys);

    /// <summary>
    /// Runs one claimed unit; returns when its slots became free again (a <see cref="TimeProvider"/> timestamp), or null
    /// when nothing ran.
    /// </summary>
    private long? RunAttempt(SlotHold hold, TimeSpan leaseTime, string device, CancellationToken stoppingToken)
    {
        var (slot, lease) = (hold.Slot, hold.Lease);
        IUnitGrain grain;
        UnitWork? work;
        try
        {
            grain = UnitGrains.Get(grains, lease.Kind, lease.UnitId);
            work = grain.BeginAttemptAsync(new UnitLease(lease.Generation, lease.Attempt, SiloName)).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Nothing ran: the grain is unreachable, usually on a silo that just died, or of a kind this build does
            // not know (a newer silo's unit in a cluster being upgraded), which such a silo will claim in its turn.
            failures.NotBegun(lease, ex);
            return null;
        }

        // Time spent on units with nothing to run counts against the next unit's latency.
        if (work is null)
        {
            failures.NothingToRun(lease);
            return null;
        }

        var log = new AttemptLog(unitLogs, logger, time, lease.SweepId, lease.UnitId, lease.Attempt, SiloName);
        if (!_runners.TryGetValue(lease.Kind, out var runner))
        {
            failures.NoRunner(grain, lease, log, $"this silo has no runner for unit kind '{lease.Kind}'");
            Track(log.Written);
            return null;
        }

        var slots = hold.Slots.Count == 1 ? $"slot {slot}" : $"slots {string.Join('+', hold.Slots)}";
        log.Info($"attempt {lease.Attempt} started on {SiloName}, {slots} ({device})");

        metrics.Started(lease.Kind);
        var latency = time.GetElapsedTime(hold.FreeSince);
        metrics.Scheduled(lease.Kind, latency);
        var started = time.GetTimestamp();
        long ranUntil = 0;
        UnitResult? result = null;
        var renewal = new LeaseRenewal(ct => queue.RenewAsync(lease, leaseTime, ct), leaseTime, time, stoppingToken);
        try
        {
            var context = new UnitRunContext(grain, lease.UnitId, lease.Generation, artifacts, _options.ThreadsPerSlot * hold.Slots.Count, device, metrics, log, lease.Kind, time, renewal.Token);
            // A NaN stops the unit for good only when a rerun with the same seed reproduces it; one that does not is
            // nondeterminism, a transient attempt failure here and a defect to fix.
            result = NonFiniteRerun.Run(lease.UnitId, () => runner.Run(work, context, renewal.Token)) with { Duration = time.GetElapsedTime(started), ScheduleLatency = latency, Front = work.Front };
            ranUntil = time.GetTimestamp();
        }
        catch (Exception ex)
        {
            failures.AttemptFailed(grain, lease, log, renewal, ex);
        }
        finally
        {
            renewal.Dispose();
        }

        if (result is null)
        {
            // A failed or handed-back attempt freed the slot only now.
            Track(log.Written);
            return time.GetTimestamp();
        }

        ReportInBackground(grain, lease, result, log);
        return ranUntil;
    }

    /// <summary>
    /// Records a result while the slot already runs its next unit: the grain's writes and the queue update would
    /// otherwise leave the slot idle between units. Until the grain has the result the lease stays taken, so a failed
    /// report hands the unit back to run again.
    /// </summary>
    private void ReportInBackground(IUnitGrain grain, WorkLease lease, UnitResult result, AttemptLog log)
    {
        var report = Task.Run(async () =>
        {
            if (await failures.ReportAsync(lease, () => grain.CompleteAsync(lease.Generation, result)))
            {
                log.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"completed in {result.Duration.TotalSeconds:F0} s: {UnitLines.Outcome(result)}"));
                metrics.Completed(lease.Kind, result.Duration);
                metrics.RecordResult(lease.SweepId, result);
            }

            await log.Written;
        });
        Track(report);
    }

    /// <summary>Keeps a background task (a report, an attempt's log lines) for <see cref="ReportsAsync"/>.</summary>
    private void Track(Task task)
    {
        _reports.TryAdd(task, 0);
        task.ContinueWith(t => _reports.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
