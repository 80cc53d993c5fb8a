using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Client.Farm;

/// <summary>
/// The farm's overhead on one sweep of many short units: how close the real wall time came
/// to the ideal (every slot busy all the time), and how long slots waited for their next unit.
/// </summary>
public sealed record FarmBenchmarkResult(
    int Units,
    int Slots,
    double Efficiency,
    double MedianScheduleLatencyMs,
    double P95ScheduleLatencyMs,
    double MeanUnitSeconds,
    double WallSeconds,
    double IdealSeconds)
{
    /// <summary>
    /// Efficiency = (Σ unit run time ÷ slots) ÷ wall time, over the units that completed.
    /// A unit that ran twice (a retry) counts once, with the attempt that was recorded.
    /// </summary>
    public static FarmBenchmarkResult From(IReadOnlyList<UnitSummary> units, int slots, TimeSpan wall)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        if (wall <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(wall), wall, "the sweep's wall time must be positive");
        }

        var results = units.Where(u => u.Status == UnitStatus.Completed && u.Result is not null).Select(u => u.Result!).ToList();
        if (results.Count == 0)
        {
            throw new InvalidOperationException("no unit completed; nothing to measure");
        }

        var ideal = results.Sum(r => r.Duration.TotalSeconds) / slots;
        var latencies = results.Select(r => r.ScheduleLatency.TotalMilliseconds).Order().ToList();
        return new FarmBenchmarkResult(
            results.Count,
            slots,
            ideal / wall.TotalSeconds,
            Quantile(latencies, 0.5),
            Quantile(latencies, 0.95),
            results.Average(r => r.Duration.TotalSeconds),
            wall.TotalSeconds,
            ideal);
    }

    /// <summary>Linear interpolation between the closest ranks of sorted values.</summary>
    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
