using DwpFarm.Dwp;
using DwpFarm.Grains.Execution;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Storage.Logs;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DwpFarm.Farm.Tests.Execution;

/// <summary>
/// What a slot does when the bookkeeping around a unit fails, on the real queue (SQLite): neither a database that has
/// gone away nor a grain that cannot be reached may throw out of the policy, since that would end the slot's thread and
/// its silo with it, and no unit may be lost. The grain is a stand-in that cannot be reached, as one on a dead silo.
/// </summary>
public sealed class SlotFailurePolicyTests : IAsyncLifetime
{
    private const string Unit = "s/source/0000";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private SlotTestBed _bed = null!;
    private SlotFailurePolicy _policy = null!;

    private WorkQueue Queue => _bed.Queue;

    private FakeTimeProvider Clock => _bed.Clock;

    public async Task InitializeAsync()
    {
        _bed = await SlotTestBed.CreateAsync("dwpfarm-failures-");
        _policy = new SlotFailurePolicy(Queue, _bed.Metrics, Clock, NullLogger<SlotFailurePolicy>.Instance);
        await Queue.EnqueueAsync([new WorkItem(Unit, UnitKind.Source, "s")]);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_unit_with_nothing_to_run_leaves_the_queue_and_an_outage_then_only_delays_that()
    {
        var lease = await ClaimAsync();

        using (_bed.Outage())
        {
            _policy.NothingToRun(lease);
        }

        // The row outlived the outage: once the lease runs out the unit is claimed again, and then it goes.
        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var again = await ClaimAsync();
        _policy.NothingToRun(again);
        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Null(await Queue.TryClaimAsync("silo-b", Lease));
    }

    [Fact]
    public async Task A_failure_for_good_that_its_grain_cannot_record_hands_the_unit_back()
    {
        var lease = await ClaimAsync();
        var grain = new UnreachableUnitGrain();
        using var renewal = new LeaseRenewal(ct => Queue.RenewAsync(lease, Lease, ct), Lease, Clock, CancellationToken.None);

        _policy.AttemptFailed(grain, lease, Log(lease), renewal, new DwpException("bad input"));

        Assert.Equal(1, grain.Calls);
        Assert.NotNull(await Queue.TryClaimAsync("silo-b", Lease));
    }

    [Fact]
    public async Task A_unit_of_a_kind_without_a_runner_whose_grain_cannot_be_told_goes_back_to_the_queue()
    {
        var lease = await ClaimAsync();
        var grain = new UnreachableUnitGrain();

        _policy.NoRunner(grain, lease, Log(lease), "this silo has no runner for unit kind 'source'");

        Assert.Equal(1, grain.Calls);
        Assert.NotNull(await Queue.TryClaimAsync("silo-b", Lease));
    }

    [Fact]
    public async Task A_unit_whose_grain_cannot_be_reached_at_the_start_goes_back_after_a_pause_even_with_the_queue_down()
    {
        var lease = await ClaimAsync();

        using (_bed.Outage())
        {
            _policy.NotBegun(lease, new TimeoutException("the grain's silo did not answer"));
        }

        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.NotNull(await Queue.TryClaimAsync("silo-b", Lease));
    }

    private async Task<WorkLease> ClaimAsync() =>
        await Queue.TryClaimAsync("silo-a", Lease) ?? throw new InvalidOperationException("the queue handed out nothing");

    private AttemptLog Log(WorkLease lease) =>
        new(new UnitLogStore(_bed.Database, Clock), NullLogger.Instance, Clock, lease.SweepId, lease.UnitId, lease.Attempt, "silo-a");

    /// <summary>A unit grain on a silo that has died: every call fails as Orleans fails a call it cannot deliver.</summary>
    private sealed class UnreachableUnitGrain : IUnitGrain
    {
        public int Calls { get; private set; }

        public Task StartAsync(UnitWork work) => Fail();

        public Task<UnitWork?> BeginAttemptAsync(UnitLease lease) => Fail<UnitWork?>();

        public Task ReportProgressAsync(long generation, UnitProgress progress) => Fail();

        public Task<bool> CompleteAsync(long generation, UnitResult result) => Fail<bool>();

        public Task FailAsync(long generation, string error) => Fail();

        public Task FailOnInputAsync(long generation, ArtifactRef input, string error) => Fail();

        public Task AttemptFailedAsync(long generation, string error) => Fail();

        public Task<UnitSummary> GetSummaryAsync() => Fail<UnitSummary>();

        public Task<bool> RetryAsync() => Fail<bool>();

        public Task<UnitSummary> ResetAsync() => Fail<UnitSummary>();

        public Task CancelAsync() => Fail();

        private Task<bool> Fail() => Fail<bool>();

        private Task<T> Fail<T>()
        {
            Calls++;
            return Task.FromException<T>(new SiloUnavailableException("the silo holding the grain is dead"));
        }
    }
}
