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

    private readonly Lock _lock = new();
    private DateTimeOffset _lastProgress = DateTimeOffset.MinValue;
    private Task _written = Task.CompletedTask;

    /// <summary>Completes when every line asked for so far is written or given up on.</summary>
    public Task Written
    {
        get
        {
            lock (_lock)
            {
                return _written;
            }
        }
    }

    public void Info(string message) => Write(UnitLogLevel.Info, message);

    public void Warning(string message) => Write(UnitLogLevel.Warning, message);

    /// <summary>Waits for the line: a failure is in the log before the unit's grain, and whoever watches it, hears of it.</summary>
    public void Error(string message)
    {
        Write(UnitLogLevel.Error, message);
        Written.GetAwaiter().GetResult();
    }

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

    // A database round trip per line would keep a free slot from its next unit (the start line) or a running unit from
    // training, so lines are written in the background, one after another to keep their order.
    private void Write(UnitLogLevel level, string message)
    {
        var at = time.GetUtcNow();
        lock (_lock)
        {
            _written = _written.ContinueWith(_ => WriteAsync(level, message, at), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task WriteAsync(UnitLogLevel level, string message, DateTimeOffset at)
    {
        try
        {
            await store.AppendAsync(sweepId, unitId, attempt, silo, level, message, at);
        }
        catch (Exception ex) when (ex is DbException or FarmDatabaseException or InvalidOperationException or TimeoutException)
        {
            logger.UnitLogUnwritable(unitId, ex.Message);
        }
    }
}
