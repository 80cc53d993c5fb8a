using System.Runtime.CompilerServices;
using DwpFarm.Grains.Cluster;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Grains.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Scheduling;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Logging;

namespace DwpFarm.Grains.Sweeps;

/// <summary>
/// One sweep as a durable state machine. It only creates units and moves between phases;
/// the units do the work. Progress arrives as one-way messages, and a reminder (plus a
/// timer while active) re-polls the units, so lost messages and silo restarts only delay it.
/// </summary>
public sealed partial class SweepGrain(
    [PersistentState("sweep", Constants.StorageName)] IPersistentState<SweepState> state,
    WorkQueue queue,
    TimeProvider time,
    ILogger<SweepGrain> logger)
    : Grain, ISweepGrain, IRemindable
{
    // A first start writes its unit's state and queue row; hundreds at once took more connections than PostgreSQL has.
    private const int StartsAtOnce = 32;
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TimerPeriod = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, UnitPace> _progress = [];

    // Units started by this activation; a new activation starts every open unit once (starts are idempotent).
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;
    private SweepPlan? _plan;
    private int _version;

    private SweepState S => state.State;

    private string SweepId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Spec is not null && !S.Phase.IsFinished())
        {
            StartTimer();
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<SweepStatus> SubmitAsync(SweepSpec spec, string specText)
    {
        if (S.Spec is not null)
        {
            if (!SameSpec(S.Spec, spec))
            {
                throw new InvalidOperationException($"sweep {SweepId} already exists with a different spec");
            }

            return BuildStatus();
        }

        // The CLI refuses a large file before parsing; this holds for any client, since the text is stored as given.
        if (SweepSpecValidator.SizeProblem(System.Text.Encoding.UTF8.GetByteCount(specText)) is { } tooLarge)
        {
            throw new ArgumentException($"the spec text {tooLarge}", nameof(specText));
        }

        var errors = SweepSpecValidator.Validate(spec);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid spec: {string.Join("; ", errors)}", nameof(spec));
        }

        await SweepSlotCheck.RequireAsync(spec, queue);

        S.Spec = spec;
        S.SpecText = specText;
        S.SubmittedAt = time.GetUtcNow();
        AddUnits(Plan.Ready(Done()));
        EnterPhase(CurrentPhase());
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(Constants.SweepDriveReminder, ReminderPeriod, ReminderPeriod);
        StartTimer();
        await UpdateRegistryAsync();
        LogSubmitted(SweepId, spec.Name, S.Units.Count);
        try
        {
            await DriveAsync(restartUnits: true);
        }
        catch (Exception ex) when (ex is not InvalidOperationException)
        {
            // The sweep is stored; its timer and reminder drive it again.
            LogDriveFailed(ex, SweepId);
        }

        return BuildStatus();
    }

    public Task<SweepStatus> GetStatusAsync() => Task.FromResult(BuildStatus());

    public async IAsyncEnumerable<SweepStatus> WatchAsync(TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = -1;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (seen != _version)
            {
                seen = _version;
                var status = BuildStatus();
                yield return status;
                if (status.IsFinished)
                {
                    yield break;
                }
            }

            await Task.Delay(interval, time, cancellationToken);
        }
    }

    public async Task<SweepStatus> CancelAsync()
    {
        if (S.Spec is null || S.Phase.IsFinished() && S.Phase != SweepPhase.Failed)
        {
            return BuildStatus();
        }

        S.Phase = SweepPhase.Cancelled;
        S.FinishedAt = time.GetUtcNow();
        S.Message = "cancelled by the user";
        await state.WriteStateAsync();
        await queue.CancelSweepAsync(SweepId);
        await Task.WhenAll(S.Units.Values.Where(u => !u.Status.IsTerminal()).Select(u => Unit(u.UnitId).CancelAsync()));
        foreach (var unit in S.Units.Values.Where(u => !u.Status.IsTerminal()).ToList())
        {
            S.Units[unit.UnitId] = unit with { Status = UnitStatus.Cancelled };
        }

        await FinishAsync();
        return BuildStatus();
    }

    public async Task<SweepRetry> RetryFailedAsync()
    {
        if (S.Spec is null || S.Phase == SweepPhase.Cancelled)
        {
            return new SweepRetry();
        }

        var wasFailed = S.Units.Values.Where(u => u.Status == UnitStatus.Failed).Select(u => u.UnitId).ToHashSet(StringComparer.Ordinal);
        var repair = ArtifactRepair.Plan([.. S.Units.Values]);
        foreach (var unitId in repair.Units)
        {
            S.Units[unitId] = await Unit(unitId).ResetAsync();
            _started.Remove(unitId);
        }

        var retried = 0;
        foreach (var unit in S.Units.Values.Where(u => u.Status == UnitStatus.Failed).ToList())
        {
            if (await Unit(unit.UnitId).RetryAsync())
            {
                S.Units[unit.UnitId] = unit with { Status = UnitStatus.Queued, Error = null, UnreadableInput = null };
                retried++;
            }
        }

        var rerun = repair.Units.ToList();
        if (retried + rerun.Count > 0)
        {
            await ResumeAtAsync();
        }

        await state.WriteStateAsync();
        await UpdateRegistryAsync();
        Changed();
        if (repair.Producers.Count > 0)
        {
            LogRepair(SweepId, repair.Producers, repair.Downstream.Count);
            try
            {
                // Reset units wait for the plan to start them with fresh work; start the producers now.
                await DriveAsync(restartUnits: true);
            }
            catch (Exception ex) when (ex is not InvalidOperationException)
            {
                LogDriveFailed(ex, SweepId);
            }
        }

        return new SweepRetry
        {
            Failed = retried + rerun.Count(wasFailed.Contains),
            Producers = repair.Producers,
            Downstream = rerun.Count(id => !wasFailed.Contains(id) && !repair.Producers.Contains(id)),
        };
    }

    public async Task<SweepReport> GetReportAsync()
    {
        var spec = S.Spec ?? throw new InvalidOperationException($"sweep {SweepId} does not exist");
        var silos = await queue.LiveSilosAsync(ClusterStatusGrain.LiveWindow);
        return new SweepReport
        {
            Status = BuildStatus(),
            Spec = spec,
            SpecText = S.SpecText,
            Units = [.. S.Units.Values.OrderBy(u => u.UnitId, StringComparer.Ordinal)],
            Slots = silos.Count > 0 ? silos.Sum(s => s.Slots) : null,
        };
    }

    public async Task OnUnitFinishedAsync(UnitSummary unit)
    {
        if (!S.Units.TryGetValue(unit.UnitId, out var known) || known.Status.IsTerminal() && known.Status == unit.Status)
        {
            return;
        }

        S.Units[unit.UnitId] = unit;
        _progress.Remove(unit.UnitId);
        await state.WriteStateAsync();
        Changed();
        await DriveAsync(restartUnits: false);
    }

    public Task OnUnitProgressAsync(string unitId, UnitProgress progress)
    {
        if (S.Units.TryGetValue(unitId, out var unit) && !unit.Status.IsTerminal())
        {
            _progress[unitId] = UnitPace.Next(_progress.GetValueOrDefault(unitId), progress, time.GetUtcNow());
            if (unit.Status != UnitStatus.Running)
            {
                S.Units[unitId] = unit with { Status = UnitStatus.Running };
            }

            Changed();
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Spec is null || S.Phase.IsFinished())
        {
            await UnregisterReminderAsync();
            return;
        }

        StartTimer();
        await RefreshAsync();
    }

    /// <summary>Polls the current phase's unfinished units and re-issues their start (both idempotent).</summary>
    private async Task RefreshAsync()
    {
        var open = S.Units.Values.Where(u => !u.Status.IsTerminal()).Select(u => u.UnitId).ToList();
        var summaries = await Task.WhenAll(open.Select(id => Unit(id).GetSummaryAsync()));
        var changed = false;
        foreach (var summary in summaries)
        {
            var known = S.Units[summary.UnitId];
            if (summary.Status != UnitStatus.Pending && (known.Status != summary.Status || known.Attempts != summary.Attempts))
            {
                S.Units[summary.UnitId] = summary with { Progress = null };
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
            Changed();
        }

        await DriveAsync(restartUnits: true);
    }

    /// <summary>
    /// Walks the plan's graph (<see cref="SweepPlan.Ready"/>): records and starts every unit whose inputs are done, so
    /// an xavier evaluation runs beside the sources and a DWP one starts when its front's VAEs are fitted. The phase is
    /// the earliest with unfinished units, for progress only. The sweep completes when every planned unit has
    /// finished, and fails once a unit of a phase that stops it has failed and nothing else can run. Work comes from
    /// the results recorded so far, so a restarted sweep re-issues exactly the work it issued before.
    /// </summary>
    private async Task DriveAsync(bool restartUnits)
    {
        if (S.Phase.IsFinished())
        {
            return;
        }

        var ready = Plan.Ready(Done());
        var added = AddUnits(ready);
        var phase = CurrentPhase();
        var moved = phase != S.Phase;
        if (moved)
        {
            EnterPhase(phase);
        }

        if (added > 0 || moved)
        {
            await state.WriteStateAsync();
            if (moved)
            {
                LogPhase(SweepId, phase);
                await UpdateRegistryAsync();
            }

            Changed();
        }

        // A start is idempotent; the timer restarts every open unit in case a start or its message was lost.
        var start = ready.Where(w => !S.Units[w.UnitId].Status.IsTerminal() && (restartUnits || !_started.Contains(w.UnitId))).ToList();
        foreach (var batch in start.Chunk(StartsAtOnce))
        {
            await Task.WhenAll(batch.Select(w => Unit(w.UnitId).StartAsync(w)));
        }
        _started.UnionWith(start.Select(w => w.UnitId));

        if (S.Units.Values.Any(u => !u.Status.IsTerminal()))
        {
            return;
        }

        var stopped = Plan.Phases.FirstOrDefault(r => r.FailureStopsSweep && S.Units.Values.Any(u => u.Kind == r.Kind && u.Status == UnitStatus.Failed));
        if (stopped is not null)
        {
            S.FailedIn = stopped.Phase;
            await FailAsync(FailureMessage(stopped));
            return;
        }

        if (S.Units.Count >= Plan.Total)
        {
            var evaluations = Plan.Phases[^1];
            await CompleteAsync(S.Units.Values.Any(u => u.Kind == evaluations.Kind && u.Status == UnitStatus.Failed) ? FailureMessage(evaluations) : null);
        }
    }

    private string FailureMessage(PhaseRow row)
    {
        var units = S.Units.Values.Where(u => u.Kind == row.Kind).OrderBy(u => u.UnitId, StringComparer.Ordinal).ToList();
        var failed = units.Where(u => u.Status == UnitStatus.Failed).ToList();
        return $"{failed.Count} of {units.Count} {row.Units} failed (first: {failed[0].UnitId}: {failed[0].Error}); `dwpfarm sweep retry {SweepId}` re-runs them";
    }

    /// <summary>The earliest phase with a unit not yet created or not finished; phases overlap, so this is what progress names.</summary>
    private SweepPhase CurrentPhase()
    {
        foreach (var row in Plan.Phases)
        {
            var units = S.Units.Values.Where(u => u.Kind == row.Kind).ToList();
            if (units.Count < Plan.Planned(row.Phase) || units.Any(u => u.Status != UnitStatus.Completed))
            {
                return row.Phase;
            }
        }

        return Plan.Phases[^1].Phase;
    }

    /// <summary>Reopens a finished sweep whose units run again; <see cref="DriveAsync"/> walks the graph from the fresh results.</summary>
    private async Task ResumeAtAsync()
    {
        if (S.Phase.IsFinished())
        {
            S.FinishedAt = null;
            S.Message = null;
            await this.RegisterOrUpdateReminder(Constants.SweepDriveReminder, ReminderPeriod, ReminderPeriod);
            StartTimer();
        }

        S.Phase = CurrentPhase();
    }

    private async Task CompleteAsync(string? message)
    {
        S.Message = message;
        S.Phase = SweepPhase.Completed;
        S.FinishedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        LogPhase(SweepId, S.Phase);
        await FinishAsync();
    }

    /// <summary>Records units as pending, so status and retry know them before they start; returns how many were new.</summary>
    private int AddUnits(IEnumerable<UnitWork> ready) =>
        ready.Count(work => S.Units.TryAdd(work.UnitId, new UnitSummary { UnitId = work.UnitId, Kind = UnitIds.KindOf(work.UnitId), Status = UnitStatus.Pending, Seed = work.Seed, Inputs = work.Inputs, Slots = UnitSlots.Of(work) }));

    private Dictionary<string, UnitResult> Done() =>
        S.Units.Values.Where(u => u.Status == UnitStatus.Completed && u.Result is not null).ToDictionary(u => u.UnitId, u => u.Result!);

    private async Task FailAsync(string message)
    {
        S.Phase = SweepPhase.Failed;
        S.Message = message;
        S.FinishedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        LogFailed(SweepId, message);
        await FinishAsync();
    }

    private async Task FinishAsync()
    {
        _timer?.Dispose();
        _timer = null;
        await UnregisterReminderAsync();
        await UpdateRegistryAsync();
        Changed();
    }

    private async Task UnregisterReminderAsync()
    {
        var reminder = await this.GetReminder(Constants.SweepDriveReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(_ => RefreshAsync(), new GrainTimerCreationOptions(TimerPeriod, TimerPeriod) { Interleave = false });

    private Task UpdateRegistryAsync() =>
        GrainFactory.GetGrain<ISweepRegistryGrain>(0).UpsertAsync(new SweepListing(SweepId, S.Spec!.Name, S.Phase, S.SubmittedAt));

    private void EnterPhase(SweepPhase phase)
    {
        S.Phase = phase;
        S.PhaseStartedAt[phase] = time.GetUtcNow();
    }

    private void Changed() => _version++;

    private SweepStatus BuildStatus() => SweepStatusBuilder.Build(SweepId, S, _progress, time.GetUtcNow());

    private SweepPlan Plan => _plan ??= new SweepPlan(SweepId, S.Spec ?? throw new InvalidOperationException($"sweep {SweepId} does not exist"));

    private IUnitGrain Unit(string unitId) => UnitGrains.Get(GrainFactory, UnitIds.KindOf(unitId), unitId);

    // Records holding lists compare by reference; their JSON form compares by content.
    private static bool SameSpec(SweepSpec a, SweepSpec b) =>
        System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} ({Name}) submitted with {Units} units")]
    private partial void LogSubmitted(string sweepId, string name, int units);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} entered phase {Phase}")]
    private partial void LogPhase(string sweepId, SweepPhase phase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} could not start its units yet; it retries")]
    private partial void LogDriveFailed(Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} re-runs {Producers} to rewrite artifacts that could not be read, and {Downstream} units downstream")]
    private partial void LogRepair(string sweepId, IReadOnlyList<string> producers, int downstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} failed: {Message}")]
    private partial void LogFailed(string sweepId, string message);
}
