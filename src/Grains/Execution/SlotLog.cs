using Microsoft.Extensions.Logging;

namespace DwpFarm.Grains.Execution;

internal static partial class SlotLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} runs {Slots} slot(s) × {Threads} thread(s) on {Device}")]
    public static partial void PoolStarted(this ILogger logger, string silo, int slots, int threads, string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slot {Slot} cannot reach the work queue: {Reason}")]
    public static partial void QueueUnreachable(this ILogger logger, int slot, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} attempt {Attempt} failed: {Error}")]
    public static partial void UnitFailed(this ILogger logger, string unitId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} attempt {Attempt} hit a transient error and goes back to the queue: {Error}")]
    public static partial void UnitTransient(this ILogger logger, Exception exception, string unitId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} attempt {Attempt} handed back ({Reason})")]
    public static partial void UnitHandedBack(this ILogger logger, string unitId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} lost its lease; another slot takes over")]
    public static partial void LeaseLost(this ILogger logger, string unitId);
}
