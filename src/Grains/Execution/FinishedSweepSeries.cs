namespace DwpFarm.Grains.Execution;

/// <summary>
/// Removes a sweep's series from <see cref="SlotMetrics"/> once the sweep has been seen finished for the grace
/// period; without this the per-sweep label set grows with every sweep the silo ever ran. A sweep whose status
/// cannot be read keeps its series until it can, and one that runs again (a retry) starts its grace over.
/// </summary>
public sealed class FinishedSweepSeries(SlotMetrics metrics, Func<string, Task<bool>> isFinished, TimeSpan grace, TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _finishedSince = new(StringComparer.Ordinal);

    /// <summary>Checks every sweep with series; returns the sweeps whose status could not be read.</summary>
    public async Task<IReadOnlyList<(string Sweep, Exception Error)>> SweepAsync()
    {
        var errors = new List<(string, Exception)>();
        var sweeps = metrics.Sweeps;
        foreach (var gone in _finishedSince.Keys.Where(s => !sweeps.Contains(s)).ToList())
        {
            _finishedSince.Remove(gone);
        }

        foreach (var sweep in sweeps)
        {
            bool finished;
            try
            {
                finished = await isFinished(sweep);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                errors.Add((sweep, ex));
                continue;
            }

            if (!finished)
            {
                _finishedSince.Remove(sweep);
                continue;
            }

            var now = time.GetUtcNow();
            var since = _finishedSince.GetValueOrDefault(sweep, now);
            _finishedSince[sweep] = since;
            if (now - since >= grace)
            {
                metrics.ForgetSweep(sweep);
                _finishedSince.Remove(sweep);
            }
        }

        return errors;
    }
}
