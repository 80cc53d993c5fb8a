using System.Globalization;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Local;

/// <summary>
/// The lab's progress line for one long unit (a source trained for hours): at most one per <see cref="Interval"/>,
/// with an ETA from this unit's own progress since its first report, so other units' speed never moves it.
/// </summary>
internal sealed class UnitProgressLog(string unitId, Action<string> log, TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private (long Done, long At)? _first;
    private long _lastLine;

    public void Report(UnitProgress progress)
    {
        var now = clock.GetTimestamp();
        if (_first is null)
        {
            // The clock starts at the unit's first report, so data loading never counts as a slow start.
            _first = (progress.Done, now);
            _lastLine = now;
            return;
        }

        // A finished unit gets its own line from the lab.
        if (clock.GetElapsedTime(_lastLine, now) < Interval || progress.Total <= 0 || progress.Done >= progress.Total)
        {
            return;
        }

        _lastLine = now;
        var seconds = clock.GetElapsedTime(_first.Value.At, now).TotalSeconds;
        var rate = seconds > 0 ? (progress.Done - _first.Value.Done) / seconds : 0;
        var eta = EtaText(rate > 0 ? TimeSpan.FromSeconds((progress.Total - progress.Done) / rate) : null);
        log(string.Create(CultureInfo.InvariantCulture, $"{unitId}: {progress.Message}, {(double)progress.Done / progress.Total:P0} done, ETA {eta}"));
    }

    /// <summary>An ETA as the lab's lines print it, a unit's and a phase's alike.</summary>
    // Whole hours rather than "h": a sweep a day away prints 27:05:09, where the format dropped the day and said 3:05:09.
    public static string EtaText(TimeSpan? left) =>
        left is { } t ? string.Create(CultureInfo.InvariantCulture, $"{(long)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}") : "unknown";
}
