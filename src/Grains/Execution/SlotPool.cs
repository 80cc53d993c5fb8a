using DwpFarm.Pipeline.Units;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using DwpFarm.Dwp;
using DwpFarm.Dwp.Training;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Grains.Units;
using DwpFarm.Storage;
using DwpFarm.Storage.Artifacts;
using DwpFarm.Storage.Logs;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// This silo's training slots. Each slot is a dedicated thread that pulls leases from the
/// shared work queue, asks the unit's grain for the work, runs it, and reports back. Slots
/// on every silo pull from the same queue, so work goes wherever a slot is free.
/// </summary>
public sealed class SlotPool(
    IGrainFactory grains,
    WorkQueue queue,
    ArtifactStore artifacts,
    UnitLogStore unitLogs,
    IEnumerable<IUnitRunner> runners,
    IOptions<SlotOptions> options,
    IOptions<MetricsOptions> metricsOptions,
    SlotMetrics metrics,
    WorkSignal signal,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<SlotPool> logger) : BackgroundService
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan UnreachableBackoff = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan[] ReportRetries = [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];
    private readonly Dictionary<string, IUnitRunner> _runners = runners.ToDictionary(r => r.Kind);
    private readonly SlotOptions _options = options.Value;
    private readonly ConcurrentDictionary<Task, byte> _reports = new();
    private readonly FinishedSweepSeries _finishedSweeps = new(
        metrics,
        async sweep => (await grains.GetGrain<Interfaces.Sweeps.ISweepGrain>(sweep).GetStatusAsync()).IsFinished,
        TimeSpan.FromSeconds(metricsOptions.Value.FinishedSweepGraceSeconds),
        time);
    private int _slots;

    /// <summary>The slot count, known once the pool has started.</summary>
    public int Slots => _slots;

    /// <summary>When the heartbeat loop last ran; liveness looks only at this, never at grains.</summary>
    public DateTimeOffset LastHeartbeat { get; private set; } = DateTimeOffset.UtcNow;

    private string SiloName => silo.SiloAddress.ToParsableString();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host checked the device before the silo started (SlotDevices.Require); here it is only counted.
        var gpus = _options.Device == "cuda" ? SlotDevices.CudaDevices() : 0;
        _slots = _options.ResolveCount(Environment.ProcessorCount, gpus);
        logger.PoolStarted(SiloName, _slots, _options.ThreadsPerSlot, _options.Device);
        var devices = Enumerable.Range(0, _slots).Select(i => _options.DeviceOf(i, gpus)).ToList();
        metrics.SetSlots(devices);
        if (logger.IsEnabled(LogLevel.Information))
        {
            for (var i = 0; i < _slots; i++)
            {
                logger.SlotDevice(i, devices[i], DeviceMemory.Describe(devices[i]));
            }
        }

        var threads = Enumerable.Range(0, _slots).Select(i => StartSlot(i, devices[i], stoppingToken)).ToList();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await HeartbeatAsync(stoppingToken);
                await Task.Delay(HeartbeatInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        // Slots hand their units back to the queue before the silo leaves.
        await Task.Run(() => threads.ForEach(t => t.Join()), CancellationToken.None);
        await Task.WhenAll(_reports.Keys);
        await HeartbeatAsync(CancellationToken.None, stopping: true);
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken, bool stopping = false)
    {
        LastHeartbeat = DateTimeOffset.UtcNow;
        try
        {
            await queue.ReportSiloAsync(new SiloCapacity(SiloName, silo.SiloAddress.Endpoint.ToString(), _slots, metrics.BusySlots, _options.Device, DateTimeOffset.UtcNow), cancellationToken);
            metrics.SetQueueLength((await queue.StatsAsync(cancellationToken: cancellationToken)).Waiting, QueueReporter.IsReporter(silo.SiloAddress, membership.CurrentSnapshot));
        }
        catch (Exception ex) when (ex is FarmDatabaseException or DbException)
        {
            logger.QueueUnreachable(-1, ex.Message);
        }

        // A silo that is stopping only reports its slots: its grains are going away, and asking them only gives warnings.
        if (stopping || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        foreach (var (sweep, error) in await _finishedSweeps.SweepAsync())
        {
            logger.SweepStatusUnreadable(sweep, error.Message);
        }
    }

    private Thread StartSlot(int index, string device, CancellationToken stoppingToken)
    {
        var thread = new Thread(() => SlotLoop(index, device, stoppingToken))
        {
            IsBackground = true,
            Name = $"dwpfarm-slot-{index}",
        };
        thread.Start();
        return thread;
    }

    private void SlotLoop(int index, string device, CancellationToken stoppingToken)
    {
        ThreadNice.TrySet(_options.Nice);
        var poll = TimeSpan.FromMilliseconds(_options.PollMilliseconds);
        var lease = TimeSpan.FromSeconds(_options.LeaseSeconds);
        var freeSince = Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            WorkLease? claimed;
            try
            {
                claimed = queue.TryClaimAsync(SiloName, lease, stoppingToken).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is FarmDatabaseException or DbException)
            {
                logger.QueueUnreachable(index, ex.Message);
                signal.Wait(poll * 4, stoppingToken);
                continue;
            }

            if (claimed is null)
            {
                // Waiting on an empty queue is not scheduling latency.
                freeSince = Stopwatch.GetTimestamp();
                signal.Wait(poll, stoppingToken);
                continue;
            }

            freeSince = RunAttempt(index, claimed, lease, device, freeSince, stoppingToken);
        }
    }

    /// <summary>Runs one claimed unit; returns when this slot became free again (a Stopwatch timestamp).</summary>
    private long RunAttempt(int slot, WorkLease lease, TimeSpan leaseTime, string device, long freeSince, CancellationToken stoppingToken)
    {
        var grain = UnitGrains.Get(grains, lease.Kind, lease.UnitId);
        UnitWork? work;
        try
        {
            work = grain.BeginAttemptAsync(new UnitLease(lease.Generation, lease.Attempt, SiloName)).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Nothing ran: the grain is unreachable, usually on a silo that just died.
            logger.UnitTransient(ex, lease.UnitId, lease.Attempt, ex.Message);
            TryDefer(lease);
            return freeSince;
        }

        // Time spent on units with nothing to run counts against the next unit's latency.
        if (work is null)
        {
            // Finished, failed for good or cancelled meanwhile: nothing to run.
            queue.CompleteAsync(lease.UnitId, CancellationToken.None).GetAwaiter().GetResult();
            return freeSince;
        }

        var log = new AttemptLog(unitLogs, logger, time, lease.SweepId, lease.UnitId, lease.Attempt, SiloName);
        if (!_runners.TryGetValue(lease.Kind, out var runner))
        {
            var error = $"this silo has no runner for unit kind '{lease.Kind}'";
            log.Error($"failed: {error}");
            grain.FailAsync(lease.Generation, error).GetAwaiter().GetResult();
            return freeSince;
        }

        log.Info($"attempt {lease.Attempt} started on {SiloName}, slot {slot} ({device})");

        metrics.SlotBusy(slot);
        metrics.Started(lease.Kind);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var lost = new StrongBox<bool>(false);
        var renewal = RenewWhileRunningAsync(lease, leaseTime, attempt, lost);
        var latency = Stopwatch.GetElapsedTime(freeSince);
        metrics.Scheduled(lease.Kind, latency);
        var clock = Stopwatch.StartNew();
        long ranUntil = 0;
        UnitResult? result = null;
        try
        {
            var context = new UnitRunContext(grain, lease.UnitId, lease.Generation, artifacts, _options, device, metrics, log, lease.Kind, attempt.Token);
            // A NaN stops the unit for good only when a rerun with the same seed reproduces it; one that does not is
            // nondeterminism, a transient attempt failure here and a defect to fix.
            result = NonFiniteRerun.Run(lease.UnitId, () => runner.Run(work, context, attempt.Token)) with { Duration = clock.Elapsed, ScheduleLatency = latency, Front = work.Front };
            ranUntil = Stopwatch.GetTimestamp();
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested)
        {
            if (lost.Value)
            {
                logger.LeaseLost(lease.UnitId);
                log.Warning("stopped: the lease was lost, and another slot goes on with the unit");
            }
            else
            {
                logger.UnitHandedBack(lease.UnitId, lease.Attempt, "silo stopping");
                log.Warning("handed back: this silo is stopping, and another slot resumes the unit");
                TryRelease(lease);
            }

            metrics.Retried(lease.Kind);
        }
        catch (UnreadableArtifactException ex)
        {
            logger.UnitFailed(lease.UnitId, lease.Attempt, ex.Message);
            log.Error($"failed: {ex.Message}");
            grain.FailOnInputAsync(lease.Generation, ex.Artifact, ex.Message).GetAwaiter().GetResult();
            metrics.Failed(lease.Kind);
        }
        catch (Exception ex) when (IsPermanent(ex))
        {
            logger.UnitFailed(lease.UnitId, lease.Attempt, ex.Message);
            log.Error($"failed: {ex.Message}");
            grain.FailAsync(lease.Generation, ex.Message).GetAwaiter().GetResult();
            metrics.Failed(lease.Kind);
        }
        catch (Exception ex)
        {
            logger.UnitTransient(ex, lease.UnitId, lease.Attempt, ex.Message);
            log.Warning($"attempt failed, to be tried again: {ex.Message}");
            NoteAttemptError(grain, lease, ex);
            TryRelease(lease);
            metrics.Retried(lease.Kind);
        }
        finally
        {
            attempt.Cancel();
            renewal.GetAwaiter().GetResult();
            metrics.SlotFree(slot);
        }

        if (result is null)
        {
            // A failed or handed-back attempt freed the slot only now.
            return Stopwatch.GetTimestamp();
        }

        ReportInBackground(grain, lease, result, log);
        return ranUntil;
    }

    /// <summary>
    /// Records a result while the slot already runs its next unit: the grain's writes and the
    /// queue update would otherwise leave the slot idle between units. Until the grain has the
    /// result the lease stays taken, so a failed report hands the unit back to run again.
    /// </summary>
    private void ReportInBackground(IUnitGrain grain, WorkLease lease, UnitResult result, AttemptLog log)
    {
        var report = Task.Run(async () =>
        {
            // The grain may sit on a silo that just died: retry while the cluster moves it, rather
            // than throw away a finished run.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await grain.CompleteAsync(lease.Generation, result);
                    log.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"completed in {result.Duration.TotalSeconds:F0} s: {UnitLines.Outcome(result)}"));
                    metrics.Completed(lease.Kind, result.Duration);
                    metrics.RecordResult(lease.SweepId, result);
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && attempt < ReportRetries.Length)
                {
                    logger.UnitTransient(ex, lease.UnitId, lease.Attempt, ex.Message);
                    await Task.Delay(ReportRetries[attempt]);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    logger.UnitTransient(ex, lease.UnitId, lease.Attempt, ex.Message);
                    TryRelease(lease);
                    metrics.Retried(lease.Kind);
                    return;
                }
            }
        });
        _reports.TryAdd(report, 0);
        report.ContinueWith(t => _reports.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Renews the lease until the attempt ends; a lost lease cancels the attempt.</summary>
    private async Task RenewWhileRunningAsync(WorkLease lease, TimeSpan leaseTime, CancellationTokenSource attempt, StrongBox<bool> lost)
    {
        var deadline = DateTimeOffset.UtcNow + leaseTime;
        while (!attempt.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(leaseTime / 3, attempt.Token);
                if (await queue.RenewAsync(lease, leaseTime, attempt.Token))
                {
                    deadline = DateTimeOffset.UtcNow + leaseTime;
                    continue;
                }

                lost.Value = true;
                await attempt.CancelAsync();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is FarmDatabaseException or DbException)
            {
                // Keep training through a short database outage, but not past the lease.
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    lost.Value = true;
                    await attempt.CancelAsync();
                }
            }
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

    private void TryDefer(WorkLease lease)
    {
        try
        {
            queue.DeferAsync(lease, UnreachableBackoff, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is FarmDatabaseException or DbException)
        {
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

    /// <summary>Errors that another attempt would hit again: bad input, corrupt artifacts, NaN losses.</summary>
    private static bool IsPermanent(Exception ex) => ex is DwpException or InvalidDataException or ArtifactCorruptException or ArtifactNotFoundException;
}
