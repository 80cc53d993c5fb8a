using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// This silo's training slots: one dedicated thread per slot runs the <see cref="SlotClaimLoop"/>, pulling units from
/// the work queue that slots on every silo share, so work goes wherever a slot is free; meanwhile the
/// <see cref="SlotHeartbeat"/> beats. On shutdown the slots hand their units back and the last reports finish before
/// the silo leaves.
/// </summary>
public sealed class SlotPool(
    SlotClaimLoop claims,
    SlotHeartbeat heartbeat,
    SlotMetrics metrics,
    SlotLedger ledger,
    IOptions<SlotOptions> options,
    ILocalSiloDetails silo,
    ILogger<SlotPool> logger) : BackgroundService
{
    private readonly SlotOptions _options = options.Value;
    private int _slots;

    /// <summary>The slot count, known once the pool has started.</summary>
    public int Slots => _slots;

    /// <summary>When the heartbeat last ran; liveness looks only at this, never at grains.</summary>
    public DateTimeOffset LastHeartbeat => heartbeat.LastBeat;

    private string SiloName => silo.SiloAddress.ToParsableString();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host checked the device before the silo started (SlotDevices.Require); here it is only counted.
        var gpus = _options.Device == "cuda" ? SlotDevices.CudaDevices() : 0;
        _slots = _options.ResolveCount(Environment.ProcessorCount, gpus);
        logger.PoolStarted(SiloName, _slots, _options.ThreadsPerSlot, _options.Device);
        var devices = Enumerable.Range(0, _slots).Select(i => _options.DeviceOf(i, gpus)).ToList();
        metrics.SetSlots(devices);
        ledger.SetSlots(_slots);
        if (logger.IsEnabled(LogLevel.Information))
        {
            for (var i = 0; i < _slots; i++)
            {
                logger.SlotDevice(i, devices[i], DeviceMemory.Describe(devices[i]));
            }
        }

        var threads = Enumerable.Range(0, _slots).Select(i => StartSlot(i, devices[i], stoppingToken)).ToList();
        await heartbeat.RunAsync(_slots, stoppingToken);

        // Slots hand their units back to the queue before the silo leaves.
        await Task.Run(() => threads.ForEach(t => t.Join()), CancellationToken.None);
        await claims.ReportsAsync();
        await heartbeat.LeaveAsync();
    }

    private Thread StartSlot(int index, string device, CancellationToken stoppingToken)
    {
        var thread = new Thread(() => claims.Run(index, device, stoppingToken))
        {
            IsBackground = true,
            Name = $"dwpfarm-slot-{index}",
        };
        thread.Start();
        return thread;
    }
}
