using System.Globalization;
using DwpFarm.Grains.Execution;
using DwpFarm.Storage;
using DwpFarm.Storage.Queue;
using DwpFarm.Storage.Schema;

namespace DwpFarm.Farm.Tests.Execution;

/// <summary>
/// A slot's lease on the real queue (SQLite), with the queue and the renewal on one fake clock: renewals keep the unit
/// from other slots past the first lease, a database outage stops the attempt when its lease would run out and no
/// sooner, and then another slot takes the unit over.
/// </summary>
public sealed class LeaseRenewalTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Renewal = Lease / 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Renewer = "the lease renewal";
    private readonly string _folder = Directory.CreateTempSubdirectory("dwpfarm-lease-").FullName;
    private readonly SteppedClock _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
    private WorkQueue _queue = null!;
    private volatile bool _outage;

    public async Task InitializeAsync()
    {
        var database = new FarmDatabase(DatabaseOptions.ForSqliteFile(Path.Combine(_folder, DatabaseOptions.DefaultSqliteFile)));
        await new SchemaMigrator(database).InitAsync();
        _queue = new WorkQueue(database, _clock);
        await _queue.EnqueueAsync([new WorkItem("s/source/0000", "source", "s")]);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Renewals_keep_the_unit_past_the_first_lease_and_an_outage_stops_the_attempt_when_the_lease_runs_out()
    {
        var mine = await ClaimAsync();
        using var renewal = await RenewAsync(mine, CancellationToken.None);

        // Renewed at 10, 20 and 30 s; at 35 s the first lease would have run out.
        for (var i = 0; i < 3; i++)
        {
            await _clock.StepAsync(Renewal, Renewer);
        }

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(await _queue.TryClaimAsync("silo-b", Lease));

        // The database goes away after the renewal at 30 s: training goes on until 60 s, when the lease ends.
        _outage = true;
        _clock.Advance(TimeSpan.FromSeconds(5));
        await _clock.TimerMadeAsync(Renewer);
        await _clock.StepAsync(Renewal, Renewer);
        Assert.False(renewal.Token.IsCancellationRequested, "the attempt stopped at 50 s, before its lease ran out at 60 s");

        _clock.Advance(Renewal);
        await CancelledAsync("the attempt stops when its lease runs out at 60 s", renewal.Token);
        Assert.True(renewal.Lost);

        // Past the lease another slot takes the unit, and the first holder's renewals are fenced off.
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var theirs = await _queue.TryClaimAsync("silo-b", Lease);
        Assert.NotNull(theirs);
        Assert.Equal(mine.Generation + 1, theirs.Generation);
        Assert.False(await _queue.RenewAsync(mine, Lease));
    }

    [Fact]
    public async Task A_renewal_the_queue_refuses_stops_the_attempt_at_once()
    {
        var mine = await ClaimAsync();
        using var renewal = await RenewAsync(mine, CancellationToken.None);

        // The unit ended elsewhere meanwhile (a duplicate attempt reported first): the lease is gone.
        await _queue.CompleteAsync(mine.UnitId);
        _clock.Advance(Renewal);

        await CancelledAsync("a refused renewal at 10 s stops the attempt", renewal.Token);
        Assert.True(renewal.Lost);
    }

    [Fact]
    public async Task A_stopping_silo_cancels_the_attempt_without_losing_the_lease()
    {
        using var stopping = new CancellationTokenSource();
        using var renewal = await RenewAsync(await ClaimAsync(), stopping.Token);

        await stopping.CancelAsync();

        Assert.True(renewal.Token.IsCancellationRequested);
        Assert.False(renewal.Lost);
    }

    private static async Task CancelledAsync(string expected, CancellationToken token)
    {
        var cancelled = new TaskCompletionSource();
        using var registration = token.Register(() => cancelled.TrySetResult());
        var first = await Task.WhenAny(cancelled.Task, Task.Delay(Patience, CancellationToken.None));
        Assert.True(first == cancelled.Task, $"expected within {Patience.TotalSeconds} s: {expected}");
    }

    private async Task<WorkLease> ClaimAsync()
    {
        var lease = await _queue.TryClaimAsync("silo-a", Lease);
        Assert.NotNull(lease);
        return lease;
    }

    /// <summary>Starts renewing <paramref name="lease"/>, through a database that is away while <see cref="_outage"/>; returns once the renewal waits.</summary>
    private async Task<LeaseRenewal> RenewAsync(WorkLease lease, CancellationToken stoppingToken)
    {
        var renewal = new LeaseRenewal(
            ct => _outage ? throw new FarmDatabaseException("the database is unreachable") : _queue.RenewAsync(lease, Lease, ct),
            Lease,
            _clock,
            stoppingToken);
        await _clock.TimerMadeAsync(Renewer);
        return renewal;
    }
}
