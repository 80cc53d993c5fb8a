using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Pipeline.Statistics;

/// <summary>
/// How busy a sweep kept its slots: busy slot-seconds (each unit's time × the slots it held) ÷ (slots × wall time from
/// submission to the end).
/// </summary>
public static class Utilisation
{
    /// <summary>Null while the sweep runs, or when its slots or its units' times are unknown.</summary>
    public static double? Of(SweepReport report)
    {
        if (report.Slots is not > 0 || report.Status.FinishedAt is not { } finished)
        {
            return null;
        }

        var wall = (finished - report.Status.SubmittedAt).TotalSeconds;
        var busy = report.Units
            .Where(u => u.StartedAt is not null && u.FinishedAt is not null)
            .Sum(u => Math.Max(1, u.Slots) * Math.Max(0, (u.FinishedAt!.Value - u.StartedAt!.Value).TotalSeconds));
        return wall > 0 ? Math.Min(1, busy / (report.Slots.Value * wall)) : null;
    }
}
