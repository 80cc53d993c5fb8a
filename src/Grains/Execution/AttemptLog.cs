using System.Data.Common;
using DwpFarm.Storage;
using DwpFarm.Storage.Logs;
using Microsoft.Extensions.Logging;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// One attempt's lines in the unit log (`sweep logs`): where it ran, a progress line at most every
/// <see cref="ProgressEvery"/>, and how it ended. A line that cannot be written is only a warning in the silo's log:
/// the unit's work and result never depend on it.
/// </summary>
internal sealed class AttemptLog(UnitLogStore store, ILogger logger, TimeProvider time, string sweepId, string unitId, int attempt, string silo)
{
    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    private DateTimeOffset _lastProgress = DateTimeOffset.MinValue;

    public void Info(string message) => Write(UnitLogLevel.Info, message);

    public void Warning(string message) => Write(UnitLogLevel.Warning, message);

    public void Error(string message) => Write(UnitLogLevel.Error, message);

    /// <summary>Progress is reported every few steps; the log keeps one line per <see cref="ProgressEvery"/>.</summary>
    public void Progress(string message)
    {
        var now = time.GetUtcNow();
        if (now - _lastProgress >= ProgressEvery)
        {
            _lastProgress = now;
            Write(UnitLogLevel.Info, message);
        }
    }

    private void Write(UnitLogLevel level, string message)
    {
        try
        {
            // On the slot thread, like every other call of a running unit.
            store.AppendAsync(sweepId, unitId, attempt, silo, level, message).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is DbException or FarmDatabaseException or InvalidOperationException or TimeoutException)
        {
            logger.UnitLogUnwritable(unitId, ex.Message);
        }
    }
}
