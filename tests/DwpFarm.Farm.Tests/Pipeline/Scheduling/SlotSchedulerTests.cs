using DwpFarm.Dwp;
using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Training;
using DwpFarm.Pipeline.Scheduling;

namespace DwpFarm.Farm.Tests.Pipeline.Scheduling;

public sealed class SlotSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_finished_item_makes_its_followers_ready_and_every_item_runs_once()
    {
        // Two chains: a0 → a1 → a2 and b0 → b1.
        var ran = new List<string>();
        SlotScheduler.Run(
            ["a0", "b0"],
            slots: 2,
            threadsPerSlot: 1,
            (item, _) => item,
            (item, result) =>
            {
                ran.Add(result);
                return item switch { "a0" => ["a1"], "a1" => ["a2"], "b0" => ["b1"], _ => [] };
            },
            StringComparer.Ordinal,
            item => item);

        Assert.Equal(["a0", "a1", "a2", "b0", "b1"], ran.Order(StringComparer.Ordinal));
        Assert.True(ran.IndexOf("a0") < ran.IndexOf("a1") && ran.IndexOf("a1") < ran.IndexOf("a2") && ran.IndexOf("b0") < ran.IndexOf("b1"));
    }

    [Fact]
    public void A_free_slot_takes_the_ready_item_ranked_first_even_one_that_became_ready_later()
    {
        // One slot: "c" and "z" are ready at the start; running "c" makes "a" ready, which outranks "z".
        var order = new List<string>();
        SlotScheduler.Run(
            ["z", "c"],
            slots: 1,
            threadsPerSlot: 1,
            (item, _) =>
            {
                order.Add(item);
                return item;
            },
            (item, _) => item == "c" ? ["a"] : [],
            StringComparer.Ordinal,
            item => item);

        Assert.Equal(["c", "a", "z"], order);
    }

    [Fact]
    public void A_follower_starts_while_an_unrelated_long_item_still_runs()
    {
        // "long" finishes only once "next" (made ready by "short") has started: a phase barrier would never let it.
        using var nextStarted = new ManualResetEventSlim();
        SlotScheduler.Run(
            ["long", "short"],
            slots: 2,
            threadsPerSlot: 1,
            (item, ct) =>
            {
                if (item == "long")
                {
                    Assert.True(nextStarted.Wait(Patience, ct), "the follower waited for the long item");
                }
                else if (item == "next")
                {
                    nextStarted.Set();
                }

                return item;
            },
            (item, _) => item == "short" ? ["next"] : [],
            StringComparer.Ordinal,
            item => item);

        Assert.True(nextStarted.IsSet);
    }

    [Fact]
    public void A_failure_in_a_follower_stops_the_run_and_is_rethrown_as_is()
    {
        var started = new List<string>();
        var ex = Assert.Throws<DwpException>(() => SlotScheduler.Run(
            ["a"],
            slots: 2,
            threadsPerSlot: 1,
            (item, _) =>
            {
                lock (started)
                {
                    started.Add(item);
                }

                return item == "b" ? throw new DwpException("b failed") : item;
            },
            (item, _) => item switch { "a" => ["b"], "b" => ["c"], _ => [] },
            StringComparer.Ordinal,
            item => item));

        Assert.Equal("b failed", ex.Message);
        Assert.DoesNotContain("c", started);
    }

    [Fact]
    public void A_nan_is_run_again_to_tell_a_result_from_a_defect_and_the_error_names_the_item()
    {
        var runs = 0;
        var ex = Assert.Throws<NonFiniteLossException>(() => SlotScheduler.Run(
            ["source seed 3"],
            slots: 1,
            threadsPerSlot: 1,
            string (_, _) =>
            {
                runs++;
                throw new NonFiniteLossException("source training", LossTerm.Data, "the data term (cross-entropy)", 2, float.NaN);
            },
            (_, _) => [],
            StringComparer.Ordinal,
            item => item));

        Assert.Equal(2, runs);
        Assert.True(ex.Reproduced);
        Assert.StartsWith("source seed 3: source training: the data term", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelling_from_outside_wakes_a_slot_that_waits_for_work()
    {
        // The second slot has nothing to take while "a" runs, and waits; the cancellation must reach it too.
        using var cancel = new CancellationTokenSource();
        using var running = new ManualResetEventSlim();
        var run = Task.Run(() => SlotScheduler.Run(
            ["a"],
            slots: 2,
            threadsPerSlot: 1,
            (item, ct) =>
            {
                running.Set();
                ct.WaitHandle.WaitOne(Patience);
                ct.ThrowIfCancellationRequested();
                return item;
            },
            (_, _) => ["never"],
            StringComparer.Ordinal,
            item => item,
            cancellationToken: cancel.Token));

        Assert.True(running.Wait(Patience));
        cancel.Cancel();
        Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(Patience), "the run did not stop");
        Assert.ThrowsAny<OperationCanceledException>(() => run.GetAwaiter().GetResult());
    }

    [Fact]
    public void Each_slot_runs_with_its_own_torch_thread_count()
    {
        var seen = new List<int>();
        SlotScheduler.Run(
            Enumerable.Range(0, 6),
            slots: 2,
            threadsPerSlot: 1,
            (_, _) => TorchThreads.Current,
            (_, threads) =>
            {
                seen.Add(threads);
                return [];
            },
            Comparer<int>.Default,
            i => $"item {i}");

        Assert.Equal([1, 1, 1, 1, 1, 1], seen);
    }

    [Fact]
    public void A_slot_keeps_its_thread_count_when_another_slot_sets_a_different_one_later()
    {
        using var firstSet = new ManualResetEventSlim();
        using var secondSet = new ManualResetEventSlim();
        var seen = new Dictionary<int, int>();
        SlotScheduler.Run(
            [1, 2],
            slots: 2,
            threadsPerSlot: 1,
            (item, ct) =>
            {
                if (item == 1)
                {
                    firstSet.Set();
                    Assert.True(secondSet.Wait(Patience, ct), "the other slot never set its thread count");
                    return TorchThreads.Current;
                }

                Assert.True(firstSet.Wait(Patience, ct), "the first slot never started");
                TorchThreads.ConfigureCurrentThread(2);
                secondSet.Set();
                return TorchThreads.Current;
            },
            (item, threads) =>
            {
                seen[item] = threads;
                return [];
            },
            Comparer<int>.Default,
            i => $"item {i}");

        Assert.Equal(1, seen[1]);
        Assert.Equal(2, seen[2]);
    }

    [Fact]
    public void Bad_slot_counts_are_refused()
    {
        var ex = Assert.Throws<DwpException>(() => SlotScheduler.Run(["a"], slots: 0, threadsPerSlot: 1, (i, _) => i, (_, _) => [], StringComparer.Ordinal, i => i));

        Assert.Contains("at least 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_of_two_slots_waits_for_both_holds_them_together_and_runs_with_twice_the_threads()
    {
        // Two slots: "a" (one slot) is ranked first and runs; "w" (two slots) must wait for it, its slot thread idle.
        using var wideStarted = new ManualResetEventSlim();
        var gate = new Lock();
        var held = 0;
        var mostHeld = 0;
        var threads = new Dictionary<string, int>();
        SlotScheduler.Run(
            ["a", "w"],
            slots: 2,
            threadsPerSlot: 1,
            (item, ct) =>
            {
                lock (gate)
                {
                    held += Slots(item);
                    mostHeld = Math.Max(mostHeld, held);
                }

                if (item == "w")
                {
                    wideStarted.Set();
                }
                else
                {
                    // A scheduler that ignored the slot counts would start "w" on the idle thread now.
                    Assert.False(wideStarted.Wait(TimeSpan.FromMilliseconds(200), ct), "w started while a held one of the two slots");
                }

                lock (gate)
                {
                    held -= Slots(item);
                }

                return TorchThreads.Current;
            },
            (item, current) =>
            {
                threads[item] = current;
                return [];
            },
            StringComparer.Ordinal,
            item => item,
            Slots);

        Assert.Equal(2, mostHeld);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["w"] = 2 }, threads);
    }

    [Fact]
    public void A_wide_item_ranked_first_keeps_the_free_slot_until_it_fits_and_items_ranked_after_it_wait()
    {
        // Two slots: "a" runs; "w" (two slots) is ranked next and does not fit beside it. Were "x" let into the free
        // slot, a stream of such items could keep "w" from ever finding both slots free.
        using var narrowStarted = new ManualResetEventSlim();
        var started = new List<string>();
        SlotScheduler.Run(
            ["a", "w", "x"],
            slots: 2,
            threadsPerSlot: 1,
            (item, ct) =>
            {
                lock (started)
                {
                    started.Add(item);
                }

                if (item == "x")
                {
                    narrowStarted.Set();
                }
                else if (item == "a")
                {
                    Assert.False(narrowStarted.Wait(TimeSpan.FromMilliseconds(200), ct), "x started beside a, ahead of w");
                }

                return item;
            },
            (_, _) => [],
            StringComparer.Ordinal,
            item => item,
            Slots);

        Assert.Equal(["a", "w", "x"], started);
    }

    [Fact]
    public void An_item_that_needs_more_slots_than_the_run_has_is_refused_before_anything_runs()
    {
        var ran = 0;

        var ex = Assert.Throws<DwpException>(() => SlotScheduler.Run(
            ["a", "w"], slots: 1, threadsPerSlot: 1, (i, _) => Interlocked.Increment(ref ran), (_, _) => [], StringComparer.Ordinal, i => $"item {i}", Slots));

        Assert.Equal("item w needs 2 slots, but this run has 1", ex.Message);
        Assert.Equal(0, ran);
    }

    [Fact]
    public void An_item_that_becomes_ready_needing_more_slots_than_the_run_has_fails_the_run()
    {
        var ex = Assert.Throws<DwpException>(() => SlotScheduler.Run(
            ["a"], slots: 1, threadsPerSlot: 1, (i, _) => i, (i, _) => i == "a" ? ["w"] : [], StringComparer.Ordinal, i => $"item {i}", Slots));

        Assert.Equal("item w needs 2 slots, but this run has 1", ex.Message);
    }

    /// <summary>Items named w hold two slots, the rest one.</summary>
    private static int Slots(string item) => item.StartsWith('w') ? 2 : 1;
}
