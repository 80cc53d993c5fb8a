namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Runs independent work items on a fixed number of dedicated threads ("slots"), each of which first sets
/// its own torch intra-op thread count (<see cref="TorchThreads"/>: the count is per thread, so it is set on
/// the slot thread itself). Results come back in item order; the first failure cancels the remaining items
/// and is rethrown as is.
/// </summary>
public static class SlotRunner
{
    public static IReadOnlyList<TResult> Run<TItem, TResult>(
        IReadOnlyList<TItem> items,
        int slots,
        int threadsPerSlot,
        Func<TItem, CancellationToken, TResult> work,
        CancellationToken cancellationToken = default)
    {
        if (slots < 1 || threadsPerSlot < 1)
        {
            throw new DwpException($"slots and threads per slot must be at least 1, got {slots} and {threadsPerSlot}");
        }

        var results = new TResult[items.Count];
        var next = -1;
        Exception? failure = null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var threads = Enumerable.Range(0, Math.Min(slots, Math.Max(1, items.Count))).Select(slot => new Thread(() =>
        {
            try
            {
                TorchThreads.ConfigureCurrentThread(threadsPerSlot);
                int i;
                while ((i = Interlocked.Increment(ref next)) < items.Count && !linked.IsCancellationRequested)
                {
                    results[i] = work(items[i], linked.Token);
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
                linked.Cancel();
            }
        })
        {
            IsBackground = true,
            Name = $"dwp-slot-{slot}",
        }).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return results;
    }
}
