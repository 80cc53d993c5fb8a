namespace DwpFarm.Pipeline.Scheduling;

/// <summary>
/// Runs independent work items on a fixed number of slot threads (<see cref="SlotScheduler"/>), in item order, and
/// returns their results in item order.
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
        var results = new TResult[items.Count];
        SlotScheduler.Run(
            Enumerable.Range(0, items.Count),
            Math.Min(slots, Math.Max(1, items.Count)),
            threadsPerSlot,
            (i, ct) => work(items[i], ct),
            (i, result) =>
            {
                results[i] = result;
                return [];
            },
            Comparer<int>.Default,
            i => describe?.Invoke(items[i]) ?? $"work item {i + 1}",
            cancellationToken);
        return results;
    }
}
