using DwpFarm.Grains.Interfaces.Units;
using Microsoft.Extensions.Logging;

namespace DwpFarm.Grains.Units;

/// <summary>
/// Structured log events of unit grains; the unit id and its sweep id are always fields.
/// The sweep id comes from the unit id, which always starts with it.
/// </summary>
internal static partial class UnitLog
{
    public static void AttemptStarted(this ILogger logger, string unitId, int attempt, string silo)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.AttemptStarted(unitId, UnitIds.SweepOf(unitId), attempt, silo);
        }
    }

    public static void DuplicateReport(this ILogger logger, string unitId, long generation)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.DuplicateReport(unitId, UnitIds.SweepOf(unitId), generation);
        }
    }

    public static void Completed(this ILogger logger, string unitId, TimeSpan duration)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Completed(unitId, UnitIds.SweepOf(unitId), duration);
        }
    }

    public static void Failed(this ILogger logger, string unitId, string error)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            logger.Failed(unitId, UnitIds.SweepOf(unitId), error);
        }
    }

    public static void Reset(this ILogger logger, string unitId)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Reset(unitId, UnitIds.SweepOf(unitId));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} of sweep {SweepId} was reset: its sweep runs it again")]
    private static partial void Reset(this ILogger logger, string unitId, string sweepId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} of sweep {SweepId} attempt {Attempt} started on {Silo}")]
    private static partial void AttemptStarted(this ILogger logger, string unitId, string sweepId, int attempt, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} of sweep {SweepId} reported again (generation {Generation}); ignored")]
    private static partial void DuplicateReport(this ILogger logger, string unitId, string sweepId, long generation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} of sweep {SweepId} completed in {Duration}")]
    private static partial void Completed(this ILogger logger, string unitId, string sweepId, TimeSpan duration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} of sweep {SweepId} failed: {Error}")]
    private static partial void Failed(this ILogger logger, string unitId, string sweepId, string error);
}
