using System.Runtime.CompilerServices;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Grains.Units;
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
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TimerPeriod = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, UnitProgress> _progress = [];
    private IGrainTimer? _timer;
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

        var errors = SweepSpecValidator.Validate(spec);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid spec: {string.Join("; ", errors)}", nameof(spec));
        }

        S.Spec = spec;
        S.SpecText = specText;
        S.SubmittedAt = time.GetUtcNow();
        EnterPhase(SweepPhase.Sources);
        var units = Enumerable.Range(0, spec.Source.Count).Select(i => UnitIds.Source(SweepId, i));
        if (SweepStages.Runs(spec.StopAfter, SweepStages.Bank))
        {
            units = units.Append(UnitIds.Bank(SweepId));
        }

        foreach (var unitId in units)
        {
            S.Units[unitId] = Pending(unitId);
        }

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

    public async Task<int> RetryFailedAsync()
    {
        if (S.Spec is null || S.Phase == SweepPhase.Cancelled)
        {
            return 0;
        }

        var failed = S.Units.Values.Where(u => u.Status == UnitStatus.Failed).ToList();
        var retried = 0;
        foreach (var unit in failed)
        {
            if (await Unit(unit.UnitId).RetryAsync())
            {
                S.Units[unit.UnitId] = unit with { Status = UnitStatus.Queued, Error = null };
                retried++;
            }
        }

        if (retried > 0 && S.Phase.IsFinished())
        {
            S.Phase = S.Phase == SweepPhase.Failed ? S.FailedIn : SweepPhase.Evaluations;
            S.FinishedAt = null;
            S.Message = null;
            await this.RegisterOrUpdateReminder(Constants.SweepDriveReminder, ReminderPeriod, ReminderPeriod);
            StartTimer();
        }

        await state.WriteStateAsync();
        await UpdateRegistryAsync();
        Changed();
        return retried;
    }

    public Task<SweepReport> GetReportAsync()
    {
        var spec = S.Spec ?? throw new InvalidOperationException($"sweep {SweepId} does not exist");
        var evaluations = S.Units.Values.Select(u => u.Result).OfType<EvaluationResult>();
        return Task.FromResult(new SweepReport
        {
            Status = BuildStatus(),
            Spec = spec,
            SpecText = S.SpecText,
            Units = [.. S.Units.Values.OrderBy(u => u.UnitId, StringComparer.Ordinal)],
            Comparisons = ComparisonBuilder.Build(evaluations, spec.Evaluation.Arms),
        });
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
            _progress[unitId] = progress;
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

    /// <summary>Moves through as many phases as the recorded unit states allow.</summary>
    private async Task DriveAsync(bool restartUnits)
    {
        var spec = S.Spec!;
        while (!S.Phase.IsFinished())
        {
            var before = S.Phase;
            switch (S.Phase)
            {
                case SweepPhase.Sources:
                    await DriveSourcesAsync(spec, restartUnits);
                    break;
                case SweepPhase.Bank:
                    await DriveBankAsync(spec, restartUnits);
                    break;
                case SweepPhase.Prior:
                    await DrivePriorAsync(spec, restartUnits);
                    break;
                case SweepPhase.Evaluations:
                    await DriveEvaluationsAsync(spec, restartUnits);
                    break;
            }

            if (S.Phase == before)
            {
                return;
            }

            // A new phase's units are started by the next pass.
            restartUnits = true;
        }
    }

    private async Task DriveSourcesAsync(SweepSpec spec, bool restartUnits)
    {
        var sources = UnitsOf(UnitKind.Source);
        var bankFollows = SweepStages.Runs(spec.StopAfter, SweepStages.Bank);
        if (restartUnits)
        {
            if (bankFollows)
            {
                await Unit<IKernelBankGrain>(UnitIds.Bank(SweepId)).StartAsync(SweepId, spec.Bank, spec.Source.Count, spec.Resources);
            }

            await Task.WhenAll(sources.Where(u => !u.Status.IsTerminal()).Select(u =>
                Unit<ISourceRunGrain>(u.UnitId).StartAsync(SweepId, IndexOf(u.UnitId), spec.Source, spec.Resources)));
        }

        if (sources.All(u => u.Status.IsTerminal()))
        {
            var failed = sources.Count(u => u.Status == UnitStatus.Failed);
            await (failed > 0 ? FailAsync($"{failed} of {sources.Count} source runs failed; `dwpfarm sweep retry {SweepId}` re-runs them")
                : bankFollows ? MoveToAsync(SweepPhase.Bank)
                : CompleteAsync(null));
        }
    }

    private async Task DriveBankAsync(SweepSpec spec, bool restartUnits)
    {
        var bank = S.Units[UnitIds.Bank(SweepId)];
        if (bank.Status == UnitStatus.Failed)
        {
            await FailAsync($"the kernel bank failed: {bank.Error}");
            return;
        }

        if (bank.Result is not BankResult result)
        {
            if (restartUnits)
            {
                var grain = Unit<IKernelBankGrain>(bank.UnitId);
                await grain.StartAsync(SweepId, spec.Bank, spec.Source.Count, spec.Resources);

                // A source run whose silo died between recording its result and reporting it never
                // reports it: hand the bank every recorded model (it ignores those it has).
                foreach (var source in UnitsOf(UnitKind.Source).Where(u => u.Result is SourceRunResult))
                {
                    await grain.AddRunAsync(IndexOf(source.UnitId), ((SourceRunResult)source.Result!).Model);
                }
            }

            return;
        }

        S.Bank = result.Bank;
        if (!SweepStages.Runs(spec.StopAfter, SweepStages.Prior))
        {
            await CompleteAsync(null);
            return;
        }

        foreach (var layer in Layers)
        {
            S.Units.TryAdd(UnitIds.Vae(SweepId, layer), Pending(UnitIds.Vae(SweepId, layer)));
        }

        await MoveToAsync(SweepPhase.Prior);
    }

    private async Task DrivePriorAsync(SweepSpec spec, bool restartUnits)
    {
        var vaes = Layers.Select(l => S.Units[UnitIds.Vae(SweepId, l)]).ToList();
        if (restartUnits)
        {
            await Task.WhenAll(Layers.Zip(vaes).Where(p => !p.Second.Status.IsTerminal()).Select(p =>
                Unit<IVaeGrain>(p.Second.UnitId).StartAsync(SweepId, p.First, p.First == "conv1" ? spec.Prior.Conv1 : spec.Prior.Conv2, S.Bank!, spec.Resources)));
        }

        if (!vaes.All(u => u.Status.IsTerminal()))
        {
            return;
        }

        var failed = vaes.Where(u => u.Status == UnitStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            await FailAsync($"the prior for {string.Join(", ", failed.Select(u => u.UnitId))} failed: {failed[0].Error}");
            return;
        }

        S.Vaes = [.. vaes.Select(u => ((VaeResult)u.Result!).Weights)];
        if (!SweepStages.Runs(spec.StopAfter, SweepStages.Evaluations))
        {
            await CompleteAsync(null);
            return;
        }

        foreach (var (method, size, seed) in EvaluationGrid(spec.Evaluation))
        {
            var id = UnitIds.Evaluation(SweepId, method, size, seed);
            S.Units.TryAdd(id, Pending(id));
        }

        await MoveToAsync(SweepPhase.Evaluations);
    }

    private async Task DriveEvaluationsAsync(SweepSpec spec, bool restartUnits)
    {
        if (restartUnits)
        {
            var open = EvaluationGrid(spec.Evaluation).Where(g => !S.Units[UnitIds.Evaluation(SweepId, g.Method, g.Size, g.Seed)].Status.IsTerminal());
            await Task.WhenAll(open.Select(g => Unit<IEvaluationGrain>(UnitIds.Evaluation(SweepId, g.Method, g.Size, g.Seed)).StartAsync(new EvaluationAssignment
            {
                SweepId = SweepId,
                Spec = spec.Evaluation,
                Method = g.Method,
                TrainSize = g.Size,
                Seed = g.Seed,
                Bank = S.Bank!,
                Vaes = S.Vaes,
                Resources = spec.Resources,
            })));
        }

        var evaluations = UnitsOf(UnitKind.Evaluation);
        if (evaluations.All(u => u.Status.IsTerminal()))
        {
            var failed = evaluations.Count(u => u.Status == UnitStatus.Failed);
            await CompleteAsync(failed > 0 ? $"{failed} of {evaluations.Count} evaluations failed; `dwpfarm sweep retry {SweepId}` re-runs them" : null);
        }
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

    private static IEnumerable<(string Method, int Size, int Seed)> EvaluationGrid(EvaluationSpec e) =>
        from size in e.TrainSizes
        from method in e.Arms
        from seed in Enumerable.Range(e.Seed, e.Seeds)
        select (method, size, seed);

    private async Task MoveToAsync(SweepPhase phase)
    {
        EnterPhase(phase);
        await state.WriteStateAsync();
        LogPhase(SweepId, phase);
        await UpdateRegistryAsync();
        Changed();
    }

    private async Task FailAsync(string message)
    {
        S.FailedIn = S.Phase;
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

    private List<UnitSummary> UnitsOf(string kind) => [.. S.Units.Values.Where(u => u.Kind == kind)];

    private IUnitGrain Unit(string unitId) => UnitGrains.Get(GrainFactory, UnitIds.KindOf(unitId), unitId);

    private T Unit<T>(string unitId)
        where T : IUnitGrain => GrainFactory.GetGrain<T>(unitId);

    // Records holding lists compare by reference; their JSON form compares by content.
    private static bool SameSpec(SweepSpec a, SweepSpec b) =>
        System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);

    private static UnitSummary Pending(string unitId) => new() { UnitId = unitId, Kind = UnitIds.KindOf(unitId), Status = UnitStatus.Pending };

    private static int IndexOf(string sourceUnitId) => int.Parse(sourceUnitId[(sourceUnitId.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);


    private static readonly string[] Layers = ["conv1", "conv2"];

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} ({Name}) submitted with {Units} units")]
    private partial void LogSubmitted(string sweepId, string name, int units);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} entered phase {Phase}")]
    private partial void LogPhase(string sweepId, SweepPhase phase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} could not start its units yet; it retries")]
    private partial void LogDriveFailed(Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} failed: {Message}")]
    private partial void LogFailed(string sweepId, string message);
}
