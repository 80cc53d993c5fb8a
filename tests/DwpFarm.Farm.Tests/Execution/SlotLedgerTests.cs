using DwpFarm.Grains.Execution;
using DwpFarm.Storage;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DwpFarm.Farm.Tests.Execution;

/// <summary>
/// One silo's two slots claiming from the real queue (SQLite) through its <see cref="SlotLedger"/>, on one fake clock:
/// a unit of two slots is claimed only when both are free and holds both, the slot it takes claims nothing until the
/// unit ends, and the unit's scheduling latency starts when the last of its slots became free.
/// </summary>
public sealed class SlotLedgerTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly List<int> _asked = [];
    private SlotTestBed _bed = null!;
    private SlotLedger _ledger = null!;

    private WorkQueue Queue => _bed.Queue;

    private FakeTimeProvider Clock => _bed.Clock;

    private SlotMetrics Metrics => _bed.Metrics;

    public async Task InitializeAsync()
    {
        _bed = await SlotTestBed.CreateAsync("dwpfarm-ledger-");
        Metrics.SetSlots(["cpu", "cpu"]);
        _ledger = new SlotLedger(Metrics, Clock);
        _ledger.SetSlots(2);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_unit_of_two_slots_holds_both_and_the_other_slot_claims_nothing_until_it_ends()
    {
        await EnqueueAsync(("wide", 2), ("narrow", 1));

        var wide = Claim(0)!;
        Assert.Equal(("wide", "0+1"), Describe(wide));
        Assert.Equal((2, 2), (_ledger.Busy, Metrics.BusySlots));

        var other = Task.Run(() => Claim(1));
        // A ledger that let it claim would have returned by now.
        Assert.NotSame(other, await Task.WhenAny(other, Task.Delay(TimeSpan.FromMilliseconds(200))));
        _ledger.Release(wide, Clock.GetTimestamp());

        var narrow = await other.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("narrow", "1"), Describe(narrow!));
        Assert.Equal([2, 2], _asked);
        Assert.Equal((1, 1), (_ledger.Busy, Metrics.BusySlots));
    }

    [Fact]
    public async Task A_slot_asks_only_for_what_is_free_and_the_wide_units_latency_starts_when_its_last_slot_is_free()
    {
        await EnqueueAsync(("narrow", 1), ("wide", 2));
        var narrow = Claim(0)!;

        // One slot free: the wide unit does not fit, and waiting for the second slot is not scheduling latency.
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(Claim(1));
        Clock.Advance(TimeSpan.FromSeconds(5));
        _ledger.Release(narrow, Clock.GetTimestamp());
        Clock.Advance(TimeSpan.FromSeconds(2));

        var wide = Claim(1)!;
        Assert.Equal([2, 1, 2], _asked);
        Assert.Equal(("wide", "1+0"), Describe(wide));
        Assert.Equal(TimeSpan.FromSeconds(2), Clock.GetElapsedTime(wide.FreeSince));
    }

    [Fact]
    public async Task A_wide_unit_at_the_head_keeps_the_free_slot_for_itself_until_the_other_frees()
    {
        await EnqueueAsync(("first", 1), ("wide", 2), ("after", 1));
        var first = Claim(0)!;

        // Without the reservation "after" would take slot 1, and the wide unit would wait while units behind it run.
        Assert.Null(Claim(1));
        Assert.Equal(1, _ledger.Busy);
        _ledger.Release(first, Clock.GetTimestamp());

        var wide = Claim(1)!;
        Assert.Equal(("wide", "1+0"), Describe(wide));
        _ledger.Release(wide, Clock.GetTimestamp());
        Assert.Equal("after", Claim(0)!.Lease.UnitId);
    }

    [Fact]
    public async Task A_unit_that_never_ran_leaves_its_slots_latency_running()
    {
        await EnqueueAsync(("wide", 2));
        Clock.Advance(TimeSpan.FromSeconds(3));
        var wide = Claim(0)!;
        _ledger.Release(wide, freeAt: null);
        await Queue.ReleaseAsync(wide.Lease);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(5), Clock.GetElapsedTime(Claim(1)!.FreeSince));
    }

    [Fact]
    public void A_claim_that_fails_leaves_every_slot_free()
    {
        Assert.Throws<FarmDatabaseException>(() => _ledger.TryClaim(0, (_, _) => throw new FarmDatabaseException("database unreachable"), CancellationToken.None));

        Assert.Equal((0, 0), (_ledger.Busy, Metrics.BusySlots));
        Assert.Null(Claim(1));
    }

    [Fact]
    public async Task Stopping_the_silo_wakes_a_held_slot()
    {
        await EnqueueAsync(("wide", 2));
        Claim(0);
        using var stopping = new CancellationTokenSource();

        var held = Task.Run(() => _ledger.TryClaim(1, (_, _) => throw new InvalidOperationException("a held slot claimed"), stopping.Token));
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static (string Unit, string Slots) Describe(SlotHold hold) => (hold.Lease.UnitId, string.Join('+', hold.Slots));

    private SlotHold? Claim(int slot) => _ledger.TryClaim(
        slot,
        (free, total) =>
        {
            lock (_asked)
            {
                _asked.Add(free);
            }

            return Queue.TryClaimAsync($"slot-{slot}", Lease, free, total).GetAwaiter().GetResult();
        },
        CancellationToken.None);

    private async Task EnqueueAsync(params (string Unit, int Slots)[] units)
    {
        // One at a time, a second apart, so the queue's order is the order given.
        foreach (var (unit, slots) in units)
        {
            await Queue.EnqueueAsync([new WorkItem(unit, "source", "s", Slots: slots)]);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
