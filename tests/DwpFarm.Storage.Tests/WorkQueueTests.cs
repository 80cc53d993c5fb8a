using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DwpFarm.Storage.Tests;

public sealed class SqliteWorkQueueTests() : WorkQueueTests(new SqliteDatabaseFixture());

[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkQueueTests(PostgresServerFixture postgres) : WorkQueueTests(postgres.NewDatabase());

/// <summary>The work queue's contract, run on each engine by the classes above.</summary>
public abstract class WorkQueueTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly ITestDatabase _db;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly WorkQueue _queue;

    protected WorkQueueTests(ITestDatabase db)
    {
        _db = db;
        _queue = new WorkQueue(_db.Database, _time);
    }

    [Fact]
    public async Task Enqueue_is_idempotent_per_unit()
    {
        Assert.Equal(2, await _queue.EnqueueAsync([Item("u1"), Item("u2")]));
        Assert.Equal(1, await _queue.EnqueueAsync([Item("u1"), Item("u3")]));

        Assert.Equal(3, (await _queue.StatsAsync()).Queued);
    }

    [Fact]
    public async Task Claims_take_higher_priority_first_then_oldest()
    {
        await _queue.EnqueueAsync([Item("old")]);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _queue.EnqueueAsync([Item("new"), Item("urgent", priority: 5)]);

        var order = new List<string>();
        while (await _queue.TryClaimAsync("silo-a", Lease) is { } lease)
        {
            order.Add(lease.UnitId);
        }

        Assert.Equal(["urgent", "old", "new"], order);
        Assert.Equal(3, (await _queue.StatsAsync()).Leased);
    }

    [Fact]
    public async Task An_expired_lease_is_handed_out_again_and_fences_the_old_holder()
    {
        await _queue.EnqueueAsync([Item("u1")]);
        var first = await _queue.TryClaimAsync("silo-a", Lease);
        Assert.NotNull(first);
        Assert.Null(await _queue.TryClaimAsync("silo-b", Lease));

        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await _queue.StatsAsync()).Expired);
        var second = await _queue.TryClaimAsync("silo-b", Lease);

        Assert.NotNull(second);
        Assert.Equal("u1", second.UnitId);
        Assert.Equal(2, second.Attempt);
        Assert.True(second.Generation > first.Generation);
        Assert.False(await _queue.RenewAsync(first, Lease));
        Assert.False(await _queue.ReleaseAsync(first));
        Assert.True(await _queue.RenewAsync(second, Lease));
    }

    [Fact]
    public async Task A_renewed_lease_does_not_expire()
    {
        await _queue.EnqueueAsync([Item("u1")]);
        var lease = (await _queue.TryClaimAsync("silo-a", Lease))!;

        _time.Advance(Lease / 2);
        Assert.True(await _queue.RenewAsync(lease, Lease));
        _time.Advance(Lease / 2 + TimeSpan.FromSeconds(5));

        Assert.Null(await _queue.TryClaimAsync("silo-b", Lease));
    }

    [Fact]
    public async Task Release_puts_the_unit_back_at_once()
    {
        await _queue.EnqueueAsync([Item("u1")]);
        var lease = (await _queue.TryClaimAsync("silo-a", Lease))!;

        Assert.True(await _queue.ReleaseAsync(lease));

        Assert.Equal("u1", (await _queue.TryClaimAsync("silo-b", Lease))?.UnitId);
    }

    [Fact]
    public async Task A_deferred_unit_waits_out_its_delay_and_its_attempt_is_not_counted()
    {
        await _queue.EnqueueAsync([Item("u1")]);
        var lease = (await _queue.TryClaimAsync("silo-a", Lease))!;

        Assert.True(await _queue.DeferAsync(lease, TimeSpan.FromSeconds(2)));

        Assert.Null(await _queue.TryClaimAsync("silo-b", Lease));
        _time.Advance(TimeSpan.FromSeconds(3));
        var again = (await _queue.TryClaimAsync("silo-b", Lease))!;
        Assert.Equal(("u1", 1), (again.UnitId, again.Attempt));
        Assert.True(again.Generation > lease.Generation);
        Assert.False(await _queue.DeferAsync(lease, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Completed_units_are_not_claimed_and_can_be_requeued_for_retry()
    {
        await _queue.EnqueueAsync([Item("u1")]);
        var lease = (await _queue.TryClaimAsync("silo-a", Lease))!;

        Assert.Equal(1, await _queue.CompleteAsync(lease.UnitId));
        Assert.Equal(0, await _queue.CompleteAsync(lease.UnitId));
        _time.Advance(Lease * 2);
        Assert.Null(await _queue.TryClaimAsync("silo-b", Lease));

        Assert.Equal(1, await _queue.RequeueAsync(["u1"]));
        var retried = (await _queue.TryClaimAsync("silo-b", Lease))!;
        Assert.Equal(("u1", 1), (retried.UnitId, retried.Attempt));
        Assert.True(retried.Generation > lease.Generation);
    }

    [Fact]
    public async Task Cancel_withdraws_only_the_sweeps_waiting_units()
    {
        await _queue.EnqueueAsync([Item("a1", "sweep-a"), Item("a2", "sweep-a"), Item("b1", "sweep-b")]);
        var running = (await _queue.TryClaimAsync("silo-a", Lease))!;
        Assert.Equal("a1", running.UnitId);

        Assert.Equal(1, await _queue.CancelSweepAsync("sweep-a"));

        var a = await _queue.StatsAsync("sweep-a");
        Assert.Equal((0, 1, 1), (a.Queued, a.Leased, a.Cancelled));
        Assert.Equal("b1", (await _queue.TryClaimAsync("silo-a", Lease))?.UnitId);
    }

    [Fact]
    public async Task A_unit_of_two_slots_is_claimed_only_with_two_free_and_smaller_units_pass_it_meanwhile()
    {
        await _queue.EnqueueAsync([Item("wide", slots: 2)]);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _queue.EnqueueAsync([Item("narrow")]);

        // One slot free: the older unit does not fit, the newer one does.
        Assert.Equal("narrow", (await _queue.TryClaimAsync("silo-a", Lease, freeSlots: 1))?.UnitId);
        Assert.Null(await _queue.TryClaimAsync("silo-a", Lease, freeSlots: 1));
        Assert.Equal(1, (await _queue.StatsAsync()).Queued);

        var wide = (await _queue.TryClaimAsync("silo-b", Lease, freeSlots: 2))!;
        Assert.Equal(("wide", 2, 1), (wide.UnitId, wide.Slots, wide.Attempt));
    }

    [Fact]
    public async Task A_claimer_of_more_slots_waits_for_a_wide_unit_at_the_head_but_not_for_one_it_could_never_run()
    {
        await _queue.EnqueueAsync([Item("wide", slots: 2)]);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _queue.EnqueueAsync([Item("narrow")]);

        // A silo of 2 slots with 1 free holds it for the wide unit; one of a single slot takes the narrow unit.
        Assert.Null(await _queue.TryClaimAsync("silo-a", Lease, freeSlots: 1, siloSlots: 2));
        Assert.Equal("narrow", (await _queue.TryClaimAsync("silo-b", Lease, freeSlots: 1, siloSlots: 1))?.UnitId);
        Assert.Equal("wide", (await _queue.TryClaimAsync("silo-a", Lease, freeSlots: 2, siloSlots: 2))?.UnitId);

        // A unit of higher rank than the waiting wide one still goes first.
        await _queue.EnqueueAsync([Item("wide2", slots: 2), Item("urgent", priority: 5)]);
        Assert.Equal("urgent", (await _queue.TryClaimAsync("silo-a", Lease, freeSlots: 1, siloSlots: 2))?.UnitId);
    }

    [Fact]
    public async Task A_units_slots_come_back_with_its_lease_after_a_takeover()
    {
        await _queue.EnqueueAsync([Item("wide", slots: 3)]);
        var first = (await _queue.TryClaimAsync("silo-a", Lease, freeSlots: 4))!;
        _time.Advance(Lease + TimeSpan.FromSeconds(1));

        Assert.Null(await _queue.TryClaimAsync("silo-b", Lease, freeSlots: 2));
        var second = (await _queue.TryClaimAsync("silo-b", Lease, freeSlots: 3))!;
        Assert.Equal((3, 3), (first.Slots, second.Slots));
        Assert.True(second.Generation > first.Generation);
    }

    [Fact]
    public async Task Concurrent_claimers_never_share_a_unit()
    {
        var realTimeQueue = new WorkQueue(_db.Database, TimeProvider.System);
        await realTimeQueue.EnqueueAsync(Enumerable.Range(0, 60).Select(i => Item($"u{i:D2}")));

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (await realTimeQueue.TryClaimAsync($"silo-{worker}", Lease) is { } lease)
            {
                mine.Add(lease.UnitId);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct().Count());
    }

    [Fact]
    public async Task Silo_heartbeats_are_listed_while_fresh()
    {
        await _queue.ReportSiloAsync(new SiloCapacity("silo-a", "127.0.0.1:11111", 2, 1, "cpu", _time.GetUtcNow()));
        await _queue.ReportSiloAsync(new SiloCapacity("silo-a", "127.0.0.1:11111", 2, 2, "cpu", _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(20));
        await _queue.ReportSiloAsync(new SiloCapacity("silo-b", "127.0.0.1:11112", 1, 0, "cpu", _time.GetUtcNow()));

        var live = await _queue.LiveSilosAsync(TimeSpan.FromSeconds(15));

        var silo = Assert.Single(live);
        Assert.Equal("silo-b", silo.SiloId);
        Assert.Equal(2, (await _queue.LiveSilosAsync(TimeSpan.FromMinutes(1))).Single(s => s.SiloId == "silo-a").BusySlots);
    }

    [Fact]
    public async Task A_silo_that_leaves_is_not_listed_though_its_heartbeat_is_fresh()
    {
        await _queue.ReportSiloAsync(new SiloCapacity("silo-a", "127.0.0.1:11111", 2, 0, "cpu", _time.GetUtcNow()));
        await _queue.ReportSiloAsync(new SiloCapacity("silo-b", "127.0.0.1:11112", 2, 0, "cpu", _time.GetUtcNow()));

        await _queue.ForgetSiloAsync("silo-a");
        await _queue.ForgetSiloAsync("never-there");

        Assert.Equal(["silo-b"], (await _queue.LiveSilosAsync(TimeSpan.FromMinutes(1))).Select(s => s.SiloId));
    }

    public void Dispose()
    {
        _db.Dispose();
        GC.SuppressFinalize(this);
    }

    private static WorkItem Item(string id, string sweep = "sweep-1", int priority = 0, int slots = 1) => new(id, "source", sweep, priority, slots);
}
