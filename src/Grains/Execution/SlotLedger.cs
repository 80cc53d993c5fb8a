using DwpFarm.Storage.Queue;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// Which of this silo's slots are free, running a unit, or held for another slot's unit: a unit of n slots
/// (<see cref="WorkLease.Slots"/>) takes its own slot and n − 1 free ones, whose threads stay idle, claiming nothing,
/// until it ends. Claims within the silo go one at a time, so the free count a claim asks the queue with still holds
/// when its unit is reserved (only a claim takes slots; a release only adds). The busy-slot metrics follow the holds.
/// </summary>
/// <remarks>
/// It also keeps when each slot became free (after a unit, or when its last claim found nothing that fits), so a
/// unit's scheduling latency runs from when the last of its slots became free: waiting for enough slots is the
/// unit's resource request, not the farm's overhead, as waiting on an empty queue is not.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Slot threads can outlive the container; see _claims.")]
public sealed class SlotLedger(SlotMetrics metrics, TimeProvider time)
{
    private const int Free = -1;
    private readonly Lock _lock = new();
    // Not disposable: slot threads can outlive the service container (a host that fails to start disposes it while
    // they still claim), and these slim primitives hold no kernel handle unless one is asked for.
    private readonly SemaphoreSlim _claims = new(1, 1);
    private int[] _holder = [];
    private long[] _freeSince = [];
    private ManualResetEventSlim[] _unheld = [];

    /// <summary>Sizes the ledger before the slot threads start; every slot is free from now.</summary>
    public void SetSlots(int slots)
    {
        lock (_lock)
        {
            _holder = Enumerable.Repeat(Free, slots).ToArray();
            _freeSince = Enumerable.Repeat(time.GetTimestamp(), slots).ToArray();
            _unheld = [.. Enumerable.Range(0, slots).Select(_ => new ManualResetEventSlim(true))];
        }
    }

    /// <summary>Slots running or held for a unit.</summary>
    public int Busy
    {
        get
        {
            lock (_lock)
            {
                return _holder.Count(h => h != Free);
            }
        }
    }

    /// <summary>
    /// Claims a unit for <paramref name="slot"/>: waits while the slot is held for another slot's unit, then, as the
    /// silo's only claim, asks <paramref name="claim"/> for a unit of at most the free slots (given the free slots and the
    /// silo's slots in all, so a wider unit at the head is waited for) and reserves the slots of the one it returns. Null when nothing that fits waited; <see cref="OperationCanceledException"/> when
    /// <paramref name="stoppingToken"/> is cancelled while the slot is held; what <paramref name="claim"/> throws
    /// leaves every slot as it was.
    /// </summary>
    /// <param name="slot">The claiming slot.</param>
    /// <param name="claim">Asks the queue for a unit needing at most the free slots (the first argument) of the silo's slots (the second).</param>
    /// <param name="stoppingToken">The silo's.</param>
    public SlotHold? TryClaim(int slot, Func<int, int, WorkLease?> claim, CancellationToken stoppingToken)
    {
        while (true)
        {
            _unheld[slot].Wait(stoppingToken);
            _claims.Wait(stoppingToken);
            try
            {
                int free, total;
                lock (_lock)
                {
                    // Another slot's claim may have taken this one between the wait and the turn.
                    if (_holder[slot] != Free)
                    {
                        continue;
                    }

                    free = _holder.Count(h => h == Free);
                    total = _holder.Length;
                }

                if (claim(free, total) is not { } lease)
                {
                    lock (_lock)
                    {
                        _freeSince[slot] = time.GetTimestamp();
                    }

                    return null;
                }

                return Reserve(slot, lease);
            }
            finally
            {
                _claims.Release();
            }
        }
    }

    /// <summary>
    /// Frees a hold's slots. <paramref name="freeAt"/>: when they became free (a timestamp of the ledger's clock), or
    /// null when nothing ran and the time since each became free before still counts against the next unit.
    /// </summary>
    public void Release(SlotHold hold, long? freeAt)
    {
        lock (_lock)
        {
            foreach (var s in hold.Slots)
            {
                _holder[s] = Free;
                if (freeAt is { } at)
                {
                    _freeSince[s] = at;
                }

                metrics.SlotFree(s);
                _unheld[s].Set();
            }
        }
    }

    private SlotHold Reserve(int slot, WorkLease lease)
    {
        lock (_lock)
        {
            // The query asked for at most the free slots, and only claims (this one) take slots.
            var others = Enumerable.Range(0, _holder.Length).Where(s => s != slot && _holder[s] == Free).Take(lease.Slots - 1).ToList();
            if (others.Count < lease.Slots - 1)
            {
                throw new InvalidOperationException($"unit {lease.UnitId} needs {lease.Slots} slots, more than the {others.Count + 1} this silo has free");
            }

            List<int> slots = [slot, .. others];
            foreach (var s in slots)
            {
                _holder[s] = slot;
                metrics.SlotBusy(s);
                if (s != slot)
                {
                    _unheld[s].Reset();
                }
            }

            return new SlotHold(slot, slots, lease, slots.Max(s => _freeSince[s]));
        }
    }
}
