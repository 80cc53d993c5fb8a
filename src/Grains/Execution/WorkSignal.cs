namespace DwpFarm.Grains.Execution;

/// <summary>
/// Wakes this silo's idle slots when a local grain queues work, so a unit starts at once
/// instead of at the next poll. Other silos still find it by polling.
/// </summary>
public sealed class WorkSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, int.MaxValue);

    public void Pulse(int units)
    {
        if (units > 0)
        {
            _semaphore.Release(units);
        }
    }

    /// <summary>Waits for a pulse or the timeout; true when pulsed.</summary>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return _semaphore.Wait(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            // A host disposed without stopping releases the signal under a waiting slot; the
            // slot sees its cancelled token next, and must not take the process down first.
            return false;
        }
    }

    public void Dispose() => _semaphore.Dispose();
}
