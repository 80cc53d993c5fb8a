namespace DwpFarm.Pipeline.Scheduling;

/// <summary>
/// A phase's time left, the same for the farm's status and the lab's log: each running unit's time left at its own
/// rate (<see cref="UnitPace"/>), the longest of them once nothing waits; units still waiting add the mean duration of
/// this phase's finished units (or of the running ones' projections), shared over as many slots as units run now.
/// A running unit that has not moved yet counts as that mean: it has only just started. Null while neither a running
/// unit has moved nor one has finished: never a guess from the phase's elapsed time, which units of very different
/// lengths (conv1's VAE and conv2's) make rise and fall.
/// </summary>
public static class PhaseEta
{
    /// <param name="running">The phase's running units' paces (null for one that has not reported yet).</param>
    /// <param name="finished">How long the phase's finished units took; a unit that did no work (reused from a cache) is left out by the caller.</param>
    /// <param name="waiting">The phase's units not started yet.</param>
    /// <param name="now">The time the estimate is for.</param>
    /// <param name="concurrency">Units the phase runs at once from here; the running ones when not given.</param>
    public static TimeSpan? Estimate(IReadOnlyCollection<UnitPace?> running, IEnumerable<TimeSpan> finished, int waiting, DateTimeOffset now, int? concurrency = null)
    {
        var left = running.Select(p => p?.Remaining(now)).OfType<TimeSpan>().ToList();
        var durations = finished.Where(d => d > TimeSpan.Zero).ToList();
        if (durations.Count == 0)
        {
            durations = [.. running.Select(p => p?.Duration(now)).OfType<TimeSpan>()];
        }

        if (durations.Count == 0)
        {
            return null;
        }

        var mean = TimeSpan.FromTicks((long)durations.Average(d => d.Ticks));
        // Where two slots finish together, the line of the first comes as the other's next unit starts: without this
        // every such line said "ETA unknown" in the middle of a phase whose units all take alike.
        left.AddRange(Enumerable.Repeat(mean, running.Count - left.Count));
        var longest = left.Count == 0 ? TimeSpan.Zero : left.Max();
        if (waiting == 0)
        {
            return longest;
        }

        var shared = (left.Aggregate(TimeSpan.Zero, (a, b) => a + b) + (mean * waiting)) / Math.Max(1, concurrency ?? running.Count);
        return shared > longest ? shared : longest;
    }
}
