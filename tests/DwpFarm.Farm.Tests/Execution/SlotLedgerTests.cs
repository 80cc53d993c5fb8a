using System.Globalization;
using DwpFarm.Grains.Execution;
using DwpFarm.Storage;
using DwpFarm.Storage.Queue;
using DwpFarm.Storage.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DwpFarm.Farm.Tests.Execution;

/// <summary>
/// One silo's two slots claiming from the real queue (SQLite) through its <see cref="SlotLedger"/>, on one fake clock:
/// a unit of two slots is claimed only when both are free and holds both, the slot it takes claims nothing until the
/// unit ends, and the unit's scheduling latency starts when the last of its slots became free.
/// </summary>
public sealed class SlotLedgerTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("dwpfarm-ledger-").FullName;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<int> _asked = [];
    private readonly SlotMetrics _metrics;
    private readonly SlotLedger _ledger;
    private WorkQueue _queue = null!;

    public SlotLedgerTests()
    {
        _metrics = new SlotMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), _clock);
        _metrics.SetSlots(["cpu", "cpu"]);
        _ledger = new SlotLedger(_metrics, _clock);
        _ledger.SetSlots(2);
    }

    public async Task InitializeAsync()
    {
        var database = new FarmDatabase(DatabaseOptions.ForSqliteFile(Path.Combine(_folder, DatabaseOptions.DefaultSqliteFile)));
        await new SchemaMigrator(database).InitAsync();
        _queue = new WorkQueue(database, _clock);
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_unit_of_two_slots_holds_both_and_the_other_slot_claims_nothing_until_it_ends()
    {
        await EnqueueAsync(("wide", 2), ("narrow", 1));

        var wide = Claim(0)!;
        Assert.Equal(("wide", "0+1"), Describe(wide));
        Assert.Equal((2, 2), (_ledger.Busy, _metrics.BusySlots));

        var other = Task.Run(() => Claim(1));
        // A ledger that let it claim would have returned by now.
        Assert.NotSame(other, await Task.WhenAny(other, Task.Delay(TimeSpan.FromMilliseconds(200))));
        _ledger.Release(wide, _clock.GetTimestamp());

        var narrow = await other.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("narrow", "1"), Describe(narrow!));
        Assert.Equal([2, 2], _asked);
        Assert.Equal((1, 1), (_ledger.Busy, _metrics.BusySlots));
    }

    [Fact]
    public async Task A_slot_asks_only_for_what_is_free_and_the_wide_units_latency_starts_when_its_last_slot_is_free()
    {
        await EnqueueAsync(("narrow", 1), ("wide", 2));
        var narrow = Claim(0)!;

        // One slot free: the wide unit does not fit, and waiting for the second slot is not scheduling latency.
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(Claim(1));
        _clock.Advance(TimeSpan.FromSeconds(5));
        _ledger.Release(narrow, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromSeconds(2));

        var wide = Claim(1)!;
        Assert.Equal([2, 1, 2], _asked);
        Assert.Equal(("wide", "1+0"), Describe(wide));
        Assert.Equal(TimeSpan.FromSeconds(2), _clock.GetElapsedTime(wide.FreeSince));
    }

    [Fact]
    public async Task A_wide_unit_at_the_head_keeps_the_free_slot_for_itself_until_the_other_frees()
    {
        await EnqueueAsync(("first", 1), ("wide", 2), ("after", 1));
        var first = Claim(0)!;

        // Without the reservation "after" would take slot 1, and the wide unit would wait while units behind it run.
        Assert.Null(Claim(1));
        Assert.Equal(1, _ledger.Busy);
        _ledger.Release(first, _clock.GetTimestamp());

        var wide = Claim(1)!;
        Assert.Equal(("wide", "1+0"), Describe(wide));
        _ledger.Release(wide, _clock.GetTimestamp());
        Assert.Equal("after", Claim(0)!.Lease.UnitId);
    }

    [Fact]
    public async Task A_unit_that_never_ran_leaves_its_slots_latency_running()
    {
        await EnqueueAsync(("wide", 2));
        _clock.Advance(TimeSpan.FromSeconds(3));
        var wide = Claim(0)!;
        _ledger.Release(wide, freeAt: null);
        await _queue.ReleaseAsync(wide.Lease);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(5), _clock.GetElapsedTime(Claim(1)!.FreeSince));
    }

    [Fact]
    public void A_claim_that_fails_leaves_every_slot_free()
    {
        Assert.Throws<FarmDatabaseException>(() => _ledger.TryClaim(0, (_, _) => throw new FarmDatabaseException("database unreachable"), CancellationToken.None));

        Assert.Equal((0, 0), (_ledger.Busy, _metrics.BusySlots));
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

            return _queue.TryClaimAsync($"slot-{slot}", Lease, free, total).GetAwaiter().GetResult();
        },
        CancellationToken.None);

    private async Task EnqueueAsync(params (string Unit, int Slots)[] units)
    {
        // One at a time, a second apart, so the queue's order is the order given.
        foreach (var (unit, slots) in units)
        {
            await _queue.EnqueueAsync([new WorkItem(unit, "source", "s", Slots: slots)]);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
