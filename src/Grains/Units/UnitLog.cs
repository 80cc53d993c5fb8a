using Microsoft.Extensions.Logging;

namespace DwpFarm.Grains.Units;

/// <summary>Structured log events of unit grains; the unit id is always a field.</summary>
internal static partial class UnitLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} attempt {Attempt} started on {Silo}")]
    public static partial void AttemptStarted(this ILogger logger, string unitId, int attempt, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} reported again (generation {Generation}); ignored")]
    public static partial void DuplicateReport(this ILogger logger, string unitId, long generation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} completed in {Duration}")]
    public static partial void Completed(this ILogger logger, string unitId, TimeSpan duration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} failed: {Error}")]
    public static partial void Failed(this ILogger logger, string unitId, string error);
}
