using System.Data.Common;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Storage;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// The slot pool's heartbeat, every few seconds: it records this silo's slots in the queue's silo table (capacity and
/// busy slots, for <c>cluster status</c>), exports the queue length when this silo is the one that reports it
/// (<see cref="QueueReporter"/>), and drops the metric series of sweeps finished for the grace period
/// (<see cref="FinishedSweepSeries"/>). Liveness reads only <see cref="LastBeat"/>, never a grain.
/// </summary>
public sealed class SlotHeartbeat(
    IGrainFactory grains,
    WorkQueue queue,
    SlotMetrics metrics,
    IOptions<SlotOptions> options,
    IOptions<MetricsOptions> metricsOptions,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<SlotHeartbeat> logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly FinishedSweepSeries _finishedSweeps = new(
        metrics,
        async sweep => (await grains.GetGrain<ISweepGrain>(sweep).GetStatusAsync()).IsFinished,
        TimeSpan.FromSeconds(metricsOptions.Value.FinishedSweepGraceSeconds),
        time);

    /// <summary>When the heartbeat last ran.</summary>
    public DateTimeOffset LastBeat { get; private set; } = time.GetUtcNow();

    /// <summary>Beats until <paramref name="stoppingToken"/> is cancelled.</summary>
    /// <param name="slots">This silo's slot count.</param>
    /// <param name="stoppingToken">The silo's.</param>
    public async Task RunAsync(int slots, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await BeatAsync(slots, stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The last word of a silo that stops: its row leaves the silo table, so <c>cluster status</c>, the check at submit
    /// and <c>bench farm --cluster</c> stop counting its slots now rather than when its heartbeat goes stale.
    /// </summary>
    public async Task LeaveAsync()
    {
        var name = silo.SiloAddress.ToParsableString();
        try
        {
            await queue.ForgetSiloAsync(name);
        }
        catch (Exception ex) when (ex is FarmDatabaseException or DbException)
        {
            // The row goes stale by itself within the live window.
            logger.QueueUnreachable(-1, ex.Message);
        }
    }

    /// <summary>One beat.</summary>
    public async Task BeatAsync(int slots, CancellationToken cancellationToken)
    {
        LastBeat = time.GetUtcNow();
        var name = silo.SiloAddress.ToParsableString();
        try
        {
            await queue.ReportSiloAsync(new SiloCapacity(name, silo.SiloAddress.Endpoint.ToString(), slots, metrics.BusySlots, options.Value.Device, time.GetUtcNow()), cancellationToken);
            metrics.SetQueueLength((await queue.StatsAsync(cancellationToken: cancellationToken)).Waiting, QueueReporter.IsReporter(silo.SiloAddress, membership.CurrentSnapshot));
        }
        catch (Exception ex) when (ex is FarmDatabaseException or DbException)
        {
            logger.QueueUnreachable(-1, ex.Message);
        }

        // A stopping silo's grains are going away, and asking them only gives warnings.
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        foreach (var (sweep, error) in await _finishedSweeps.SweepAsync())
        {
            logger.SweepStatusUnreadable(sweep, error.Message);
        }
    }
}
