using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Scheduling;

/// <summary>
/// A running unit's first and last progress report of its current attempt, with when they came: the unit's own rate,
/// from which its own time left follows. Not persisted: after a reactivation the pace starts again from the next report.
/// </summary>
public sealed record UnitPace(UnitProgress First, DateTimeOffset FirstAt, UnitProgress Last, DateTimeOffset LastAt)
{
    /// <summary>The pace after <paramref name="progress"/> arrives; work that went backwards is a new attempt and starts over.</summary>
    public static UnitPace Next(UnitPace? previous, UnitProgress progress, DateTimeOffset now) =>
        previous is null || progress.Done < previous.Last.Done ? new(progress, now, progress, now) : previous with { Last = progress, LastAt = now };

    /// <summary>Time left at the rate between the first and last report, counted from the last; null until the unit has moved.</summary>
    public TimeSpan? Remaining(DateTimeOffset now)
    {
        var done = Last.Done - First.Done;
        var elapsed = LastAt - FirstAt;
        if (done <= 0 || elapsed <= TimeSpan.Zero)
        {
            return null;
        }

        var left = elapsed * ((double)Math.Max(0, Last.Total - Last.Done) / done) - (now - LastAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>The attempt's whole duration at its own rate: what it took so far plus <see cref="Remaining"/>.</summary>
    public TimeSpan? Duration(DateTimeOffset now) => Remaining(now) is { } left ? now - FirstAt + left : null;
}
