using DwpFarm.Dwp.Training;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Runs independent work items on a fixed number of dedicated threads ("slots"), each of which first sets
/// its own torch intra-op thread count (<see cref="TorchThreads"/>: the count is per thread, so it is set on
/// the slot thread itself). Results come back in item order; the first failure cancels the remaining items
/// and is rethrown as is. An item stopped by a non-finite loss is run again to tell a result from a defect
/// (<see cref="NonFiniteRerun"/>).
/// </summary>
public static class SlotRunner
{
    public static IReadOnlyList<TResult> Run<TItem, TResult>(
        IReadOnlyList<TItem> items,
        int slots,
        int threadsPerSlot,
        Func<TItem, CancellationToken, TResult> work,
        Func<TItem, string>? describe = null,
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
                    var item = items[i];
                    results[i] = NonFiniteRerun.Run(describe?.Invoke(item) ?? $"work item {i + 1}", () => work(item, linked.Token));
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
