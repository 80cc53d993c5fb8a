using DwpFarm.Grains.Execution;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DwpFarm.Grains.Units;

/// <summary>
/// The lifecycle shared by every unit: queue → attempts on slots → one recorded result.
/// State is written before anything is announced, so a crash at any point leaves either
/// the old state (and the work is re-run from its checkpoint) or the new one.
/// </summary>
public abstract class UnitGrain : Grain, IUnitGrain
{
    private static readonly TimeSpan ProgressForwardInterval = TimeSpan.FromSeconds(1);
    private readonly IPersistentState<UnitState> _state;
    private readonly WorkQueue _queue;
    private readonly TimeProvider _time;
    private readonly SlotOptions _slots;
    private readonly WorkSignal _signal;
    private UnitProgress? _progress;
    private DateTimeOffset _lastForwarded = DateTimeOffset.MinValue;

    // This activation wrote the unit's queue row, which stays until the unit ends or is reset: the sweep restarts every
    // open unit every few seconds, and writing hundreds of rows again each time took the database's connections from
    // the slots' claims.
    private bool _queued;

    protected UnitGrain(IPersistentState<UnitState> state, UnitServices services)
    {
        _state = state;
        _queue = services.Queue;
        _time = services.Time;
        _slots = services.Slots.Value;
        _signal = services.Signal;
        Logger = services.LoggerFactory.CreateLogger(GetType());
    }

    /// <summary>The queue kind of this grain's units.</summary>
    protected abstract string Kind { get; }

    protected UnitState State => _state.State;

    protected ILogger Logger { get; }

    protected string UnitId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A result recorded just before a crash may not have reached the sweep.
        if (State.IsTerminal && !State.SweepNotified && State.SweepId.Length > 0)
        {
            await NotifySweepAsync();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<UnitWork?> BeginAttemptAsync(UnitLease lease)
    {
        // A reset unit keeps its work (a source run resumes from its checkpoints) but waits for its sweep to start it.
        if (State.IsTerminal || State.Work is null || State.Status == UnitStatus.Pending)
        {
            return null;
        }

        if (lease.Attempt > _slots.MaxAttempts)
        {
            await RecordFailureAsync(State.LastAttemptError is { } last
                ? $"gave up after {lease.Attempt - 1} attempts; the last ended with: {last}"
                : $"gave up after {lease.Attempt - 1} attempts that did not finish (silo lost or killed each time)");
            return null;
        }

        State.Status = UnitStatus.Running;
        State.Attempts = lease.Attempt;
        State.Generation = lease.Generation;
        State.Silo = lease.Silo;
        State.StartedAt ??= _time.GetUtcNow();
        await _state.WriteStateAsync();
        Logger.AttemptStarted(UnitId, lease.Attempt, lease.Silo);
        return State.Work;
    }

    public Task ReportProgressAsync(long generation, UnitProgress progress)
    {
        if (generation != State.Generation || State.IsTerminal)
        {
            return Task.CompletedTask;
        }

        _progress = progress;
        var now = _time.GetUtcNow();
        if (now - _lastForwarded >= ProgressForwardInterval)
        {
            _lastForwarded = now;
            GrainFactory.GetGrain<ISweepGrain>(State.SweepId).OnUnitProgressAsync(UnitId, progress).Ignore();
        }

        return Task.CompletedTask;
    }

    public async Task<bool> CompleteAsync(long generation, UnitResult result)
    {
        if (State.IsTerminal || IsStale(generation))
        {
            // A second report of the same unit (an attempt that outlived its lease) is not counted.
            Logger.DuplicateReport(UnitId, generation);
            return false;
        }

        State.Result = result;
        State.Status = UnitStatus.Completed;
        State.Error = null;
        State.FinishedAt = _time.GetUtcNow();
        State.SweepNotified = false;
        await _state.WriteStateAsync();
        Logger.Completed(UnitId, result.Duration);

        await FinishAsync();
        return true;
    }

    public async Task FailAsync(long generation, string error)
    {
        if (State.IsTerminal || IsStale(generation))
        {
            return;
        }

        await RecordFailureAsync(error);
    }

    public async Task FailOnInputAsync(long generation, ArtifactRef input, string error)
    {
        if (State.IsTerminal || IsStale(generation))
        {
            return;
        }

        await RecordFailureAsync(error, input);
    }

    public async Task AttemptFailedAsync(long generation, string error)
    {
        if (generation == State.Generation && !State.IsTerminal && !IsStale(generation))
        {
            State.LastAttemptError = error;
            await _state.WriteStateAsync();
        }
    }

    public Task<UnitSummary> GetSummaryAsync() => Task.FromResult(Summary());

    public async Task<bool> RetryAsync()
    {
        if (State.Status != UnitStatus.Failed)
        {
            return false;
        }

        State.Status = UnitStatus.Queued;
        State.Error = null;
        State.UnreadableInput = null;
        State.SweepNotified = false;
        await _state.WriteStateAsync();
        await QueueAgainAsync();
        return true;
    }

    public async Task<UnitSummary> ResetAsync()
    {
        if (State.Status == UnitStatus.Pending)
        {
            return Summary();
        }

        // Withdrawing the row makes a running attempt lose its lease; if it reports first, its generation is stale.
        State.ResetGeneration = Math.Max(State.ResetGeneration, State.Generation);
        State.Status = UnitStatus.Pending;
        State.Result = null;
        State.Error = null;
        State.UnreadableInput = null;
        State.LastAttemptError = null;
        State.StartedAt = null;
        State.FinishedAt = null;
        State.Silo = null;
        State.SweepNotified = true;
        _progress = null;
        _queued = false;
        await _state.WriteStateAsync();
        await _queue.CompleteAsync(UnitId);
        Logger.Reset(UnitId);
        return Summary();
    }

    public async Task CancelAsync()
    {
        if (State.IsTerminal)
        {
            return;
        }

        State.Status = UnitStatus.Cancelled;
        State.FinishedAt = _time.GetUtcNow();
        State.SweepNotified = true;
        await _state.WriteStateAsync();
        await _queue.CompleteAsync(UnitId);
    }

    /// <summary>
    /// Makes the unit runnable and puts it in the queue. Idempotent: a queued unit is queued again only if its row is
    /// missing, and not at all once this activation has written it.
    /// </summary>
    public async Task StartAsync(UnitWork work)
    {
        if (State.IsTerminal || (_queued && State.Status != UnitStatus.Pending))
        {
            return;
        }

        if (State.Work is null || State.Status == UnitStatus.Pending)
        {
            var reset = State.Work;
            State.SweepId = work.SweepId;
            State.Work = reset is null ? work : Renew(reset, work);
            State.Seed = work.Seed;
            State.Status = UnitStatus.Queued;
            await _state.WriteStateAsync();
            if (reset is not null)
            {
                // A reset unit's queue row is done: put it back rather than add it.
                await QueueAgainAsync();
                return;
            }
        }

        await EnqueueAsync();
    }

    protected Task WriteStateAsync() => _state.WriteStateAsync();

    protected UnitSummary Summary() => new()
    {
        UnitId = UnitId,
        Kind = Kind,
        Status = State.Status,
        Attempts = State.Attempts,
        Seed = State.Seed,
        Artifacts = ArtifactsOf(State),
        Error = State.Error,
        Progress = State.IsTerminal ? null : _progress,
        StartedAt = State.StartedAt,
        FinishedAt = State.FinishedAt,
        Silo = State.Silo,
        Result = State.Result,
        Inputs = State.Work?.Inputs ?? [],
        UnreadableInput = State.UnreadableInput,
        Slots = State.Work is { } work ? UnitSlots.Of(work) : 1,
    };

    /// <summary>The artifacts this unit produced or resumes from.</summary>
    protected virtual IReadOnlyList<ArtifactRef> ArtifactsOf(UnitState state) => [];

    /// <summary>The work a reset unit restarts with: the plan's new work, plus whatever progress survives a reset.</summary>
    protected virtual UnitWork Renew(UnitWork previous, UnitWork work) => work;

    private bool IsStale(long generation) => generation <= State.ResetGeneration;

    // The row carries the unit's place in the plan (UnitRank) and its slots, so any silo's free slot takes the right one.
    private async Task EnqueueAsync()
    {
        _signal.Pulse(await _queue.EnqueueAsync([State.Work is { } work
            ? new WorkItem(UnitId, Kind, State.SweepId, UnitRank.Priority(work), UnitSlots.Of(work))
            : new WorkItem(UnitId, Kind, State.SweepId)]));
        _queued = true;
    }

    private async Task QueueAgainAsync()
    {
        var requeued = await _queue.RequeueAsync([UnitId]);
        if (requeued == 0)
        {
            await EnqueueAsync();
        }

        _queued = true;
        _signal.Pulse(requeued);
    }

    private async Task RecordFailureAsync(string error, ArtifactRef? unreadableInput = null)
    {
        State.Status = UnitStatus.Failed;
        State.Error = error;
        State.UnreadableInput = unreadableInput;
        State.FinishedAt = _time.GetUtcNow();
        State.SweepNotified = false;
        await _state.WriteStateAsync();
        Logger.Failed(UnitId, error);
        await FinishAsync();
    }

    private async Task FinishAsync()
    {
        await _queue.CompleteAsync(UnitId);
        await NotifySweepAsync();
    }

    private async Task NotifySweepAsync()
    {
        // One-way: the sweep may be calling this grain right now; its reminder re-polls if the message is lost.
        await GrainFactory.GetGrain<ISweepGrain>(State.SweepId).OnUnitFinishedAsync(Summary());
        State.SweepNotified = true;
        await _state.WriteStateAsync();
    }
}
