using DwpFarm.Dwp;
using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Training;

namespace DwpFarm.Pipeline.Scheduling;

/// <summary>
/// Runs work items on a fixed number of dedicated threads ("slots") as they become ready: a finished item may make
/// new items ready (the next step of a pipeline whose inputs it completes), so no slot waits for a barrier while
/// ready work exists. A free slot takes the ready item that <c>priority</c> ranks first, ties in the order they became
/// ready. An item may hold several slots (<c>slotsOf</c>): it starts only when that many are free, takes them
/// together, and its thread runs torch with that many times <c>threadsPerSlot</c> intra-op threads while the slots it
/// holds stay idle; while the first-ranked ready item needs more slots than are free, the free slots wait for it and
/// nothing ranked after it starts.
/// Each slot thread sets its own torch intra-op thread count before each item (<see cref="TorchThreads"/>: the count
/// is per thread). The first failure cancels the remaining items and is rethrown as is; an item stopped by a
/// non-finite loss is run again to tell a result from a defect (<see cref="NonFiniteRerun"/>).
/// </summary>
public static class SlotScheduler
{
    /// <param name="ready">The items ready at the start.</param>
    /// <param name="slots">How many items run at once, each on its own thread.</param>
    /// <param name="threadsPerSlot">Torch's intra-op threads on each slot.</param>
    /// <param name="work">Runs one item on a slot thread.</param>
    /// <param name="finished">
    /// Takes an item's result and returns the items it makes ready. Calls are serialised, so it may keep plain state.
    /// </param>
    /// <param name="priority">Ranks ready items; the smallest goes first.</param>
    /// <param name="describe">Names an item in the error of a non-finite loss or of one that needs too many slots.</param>
    /// <param name="slotsOf">The slots an item holds, 1 to <paramref name="slots"/>; one each when not given. An item that
    /// needs more fails the run, before anything starts when it is ready at the start.</param>
    /// <param name="cancellationToken">Stops the run: no new item starts, and running items see it cancelled.</param>
    public static void Run<TItem, TResult>(
        IEnumerable<TItem> ready,
        int slots,
        int threadsPerSlot,
        Func<TItem, CancellationToken, TResult> work,
        Func<TItem, TResult, IEnumerable<TItem>> finished,
        IComparer<TItem> priority,
        Func<TItem, string> describe,
        Func<TItem, int>? slotsOf = null,
        CancellationToken cancellationToken = default)
    {
        if (slots < 1 || threadsPerSlot < 1)
        {
            throw new DwpException($"slots and threads per slot must be at least 1, got {slots} and {threadsPerSlot}");
        }

        slotsOf ??= _ => 1;
        var gate = new object();
        var queue = new PriorityQueue<TItem, (TItem Item, long Order)>(Comparer<(TItem Item, long Order)>.Create((a, b) =>
            priority.Compare(a.Item, b.Item) is var c && c != 0 ? c : a.Order.CompareTo(b.Order)));
        long order = 0;
        var running = 0;
        var free = slots;
        Exception? failure = null;

        void Enqueue(TItem item)
        {
            if (slotsOf(item) is var n && (n < 1 || n > slots))
            {
                throw new DwpException($"{describe(item)} needs {n} slots, but this run has {slots}");
            }

            queue.Enqueue(item, (item, order++));
        }

        foreach (var item in ready)
        {
            Enqueue(item);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // A slot waiting for work must wake when the run is cancelled from outside.
        using var wake = linked.Token.Register(() =>
        {
            lock (gate)
            {
                Monitor.PulseAll(gate);
            }
        });

        // The best-ranked ready item, once it fits in the free slots. Until then nothing ranked after it starts: items
        // that passed it could keep its slots busy for ever (slot reservation; every item fits the run, see Enqueue).
        bool TryDequeueFitting(out TItem item, out int n)
        {
            (item, n) = (default!, 0);
            if (!queue.TryPeek(out var next, out _) || slotsOf(next) > free)
            {
                return false;
            }

            (item, n) = (queue.Dequeue(), slotsOf(next));
            return true;
        }

        bool TryTake(out TItem item, out int n)
        {
            lock (gate)
            {
                while (true)
                {
                    if (failure is not null || linked.IsCancellationRequested)
                    {
                        (item, n) = (default!, 0);
                        return false;
                    }

                    if (TryDequeueFitting(out item, out n))
                    {
                        running++;
                        free -= n;
                        return true;
                    }

                    // Nothing ready and nothing running that could make something ready (or free slots for it): the run is over.
                    if (running == 0)
                    {
                        Monitor.PulseAll(gate);
                        return false;
                    }

                    Monitor.Wait(gate);
                }
            }
        }

        void Slot()
        {
            try
            {
                while (TryTake(out var item, out var held))
                {
                    TorchThreads.ConfigureCurrentThread(held * threadsPerSlot);
                    var result = NonFiniteRerun.Run(describe(item), () => work(item, linked.Token));
                    lock (gate)
                    {
                        running--;
                        free += held;
                        foreach (var next in finished(item, result))
                        {
                            Enqueue(next);
                        }

                        Monitor.PulseAll(gate);
                    }
                }
            }
            catch (Exception ex)
            {
                lock (gate)
                {
                    failure ??= ex;
                    Monitor.PulseAll(gate);
                }

                linked.Cancel();
            }
        }

        var threads = Enumerable.Range(0, slots).Select(slot => new Thread(Slot) { IsBackground = true, Name = $"dwp-slot-{slot}" }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
