using DwpFarm.Grains.Interfaces.Units;
using Microsoft.Extensions.Logging;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// Structured log events of the slot pool. Unit events carry the unit id and its sweep id
/// as fields; the sweep id comes from the unit id, which always starts with it.
/// </summary>
internal static partial class SlotLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} runs {Slots} slot(s) × {Threads} thread(s) on {Device}")]
    public static partial void PoolStarted(this ILogger logger, string silo, int slots, int threads, string device);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slot {Slot} trains on {SlotDevice}: {DeviceMemory}")]
    public static partial void SlotDevice(this ILogger logger, int slot, string slotDevice, string deviceMemory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A log line of unit {UnitId} could not be stored for `sweep logs`: {Reason}")]
    public static partial void UnitLogUnwritable(this ILogger logger, string unitId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slot {Slot} cannot reach the work queue: {Reason}")]
    public static partial void QueueUnreachable(this ILogger logger, int slot, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The status of sweep {SweepId} cannot be read; its metric series stay until it can: {Reason}")]
    public static partial void SweepStatusUnreadable(this ILogger logger, string sweepId, string reason);

    public static void UnitFailed(this ILogger logger, string unitId, int attempt, string error)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            logger.UnitFailed(unitId, UnitIds.SweepOf(unitId), attempt, error);
        }
    }

    public static void UnitTransient(this ILogger logger, Exception exception, string unitId, int attempt, string error)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            logger.UnitTransient(exception, unitId, UnitIds.SweepOf(unitId), attempt, error);
        }
    }

    public static void UnitHandedBack(this ILogger logger, string unitId, int attempt, string reason)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.UnitHandedBack(unitId, UnitIds.SweepOf(unitId), attempt, reason);
        }
    }

    public static void LeaseLost(this ILogger logger, string unitId)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            logger.LeaseLost(unitId, UnitIds.SweepOf(unitId));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} of sweep {SweepId} attempt {Attempt} failed: {Error}")]
    private static partial void UnitFailed(this ILogger logger, string unitId, string sweepId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} of sweep {SweepId} attempt {Attempt} hit a transient error and goes back to the queue: {Error}")]
    private static partial void UnitTransient(this ILogger logger, Exception exception, string unitId, string sweepId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} of sweep {SweepId} attempt {Attempt} handed back ({Reason})")]
    private static partial void UnitHandedBack(this ILogger logger, string unitId, string sweepId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} of sweep {SweepId} lost its lease; another slot takes over")]
    private static partial void LeaseLost(this ILogger logger, string unitId, string sweepId);
}
