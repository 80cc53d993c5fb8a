using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DwpFarm.Dwp;
using DwpFarm.Grains.Execution;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Units;
using Microsoft.Extensions.DependencyInjection;

namespace DwpFarm.Farm.Tests;

/// <summary>
/// Stands in for the ML runners in orchestration tests: it reads its inputs as the real runners do and produces
/// small, deterministic results and artifacts at once, records every attempt, and fails or holds units on cue.
/// Each result's data hash and artifact derive from the bytes it read and from its unit id without the sweep id,
/// so two sweeps of one spec write the same artifacts and results, as the ML does.
/// </summary>
public sealed class ScriptedRunner(string kind, FaultPlan plan) : IUnitRunner
{
    public string Kind => kind;

    public UnitResult Run(UnitWork work, IUnitRunContext context, CancellationToken cancellationToken)
    {
        plan.Record(work, context.Threads);
        plan.WaitWhileHeld(work.UnitId, cancellationToken);
        plan.WaitForKind(kind, cancellationToken);
        if (plan.ShouldFail(work.UnitId))
        {
            throw new DwpException($"scripted failure of {work.UnitId}");
        }

        if (plan.ShouldDiverge(work.UnitId))
        {
            DivergingTraining.Run(cancellationToken);
        }

        var read = work.Inputs.SelectMany(context.ReadArtifact).ToArray();
        if (work is SourceRunWork { CompletedEpochs: 0 })
        {
            context.Checkpoint(1, context.WriteArtifact("checkpoint", Encoding.UTF8.GetBytes($"{work.UnitId[(work.SweepId.Length + 1)..]} after epoch 1")));
        }

        context.ReportProgress(new UnitProgress(10, 10, 100, "done"));
        var data = read.Length == 0 ? "data-sha" : Convert.ToHexStringLower(SHA256.HashData(read));
        var artifact = context.WriteArtifact(kind, Encoding.UTF8.GetBytes($"{work.UnitId[(work.SweepId.Length + 1)..]} from {data}"));
        const string Env = "scripted";
        return work switch
        {
            SourceRunWork => new SourceRunResult { DataSha256 = data, Environment = Env, Model = artifact, Epochs = [new EpochMetrics(1, 0.5, 0.9, 0.9)] },
            BankWork bank => new BankResult { DataSha256 = data, Environment = Env, Bank = artifact, Layers = [new BankLayerStats("conv1", 7, bank.Models.Count, 0, bank.Models.Count, 0)] },
            VaeWork vae => new VaeResult { DataSha256 = data, Environment = Env, Layer = vae.Layer, Weights = artifact, TestElbo = -1, TrainElbo = -1 },
            EvaluationWork { Spec.Mode: EvaluationMode.Bayes } e => new EvaluationResult
            {
                DataSha256 = data,
                Environment = Env,
                Mode = EvaluationMode.Bayes,
                Method = e.Method,
                TrainSize = e.TrainSize,
                Seed = (int)e.Seed,
                Steps = [e.Spec.Steps],
                Accuracy = [(e.Method == "dwp" ? 0.8 : 0.7) + (e.Seed * 0.01)],
                FinalKl = 1000,
                MeanAccuracy = 0.7,
            },
            EvaluationWork e => new EvaluationResult
            {
                DataSha256 = data,
                Environment = Env,
                Method = e.Method,
                TrainSize = e.TrainSize,
                Seed = (int)e.Seed,
                Steps = [0, 5, 10],
                Accuracy = [0.1, e.Method == "dwp" ? 0.8 : 0.6, 0.9 + (e.Seed * 0.01)],
            },
            _ => throw new InvalidOperationException(work.GetType().Name),
        };
    }
}

/// <summary>Two fast-polling slots whose runners follow a <see cref="FaultPlan"/> instead of the ML.</summary>
internal static class ScriptedSlots
{
    public static IServiceCollection AddScriptedSlots(this IServiceCollection services, FaultPlan plan)
    {
        services.Configure<SlotOptions>(o =>
        {
            o.Count = 2;
            o.PollMilliseconds = 20;
        });
        foreach (var kind in UnitKind.All)
        {
            services.AddSingleton<IUnitRunner>(new ScriptedRunner(kind, plan));
        }

        return services;
    }
}

/// <summary>Which units fail (once or always) or wait on a gate, and every attempt made.</summary>
public sealed class FaultPlan : IDisposable
{
    private readonly ConcurrentDictionary<string, int> _failOnce = new();
    private readonly ConcurrentDictionary<string, int> _diverge = new();
    private readonly ConcurrentQueue<UnitWork> _attempts = new();
    private readonly ConcurrentDictionary<string, int> _threads = new();
    private readonly ManualResetEventSlim _gate = new(initialState: true);
    private readonly ConcurrentDictionary<string, ManualResetEventSlim> _kindGates = new();
    private Func<string, bool> _held = _ => false;

    public IReadOnlyList<string> Attempts => [.. _attempts.Select(w => w.UnitId)];

    /// <summary>The work each attempt was given, in order.</summary>
    public IReadOnlyList<UnitWork> Works => [.. _attempts];

    /// <summary>The torch threads each unit's last attempt was allowed (its slots × the silo's threads per slot).</summary>
    public IReadOnlyDictionary<string, int> Threads => _threads;

    public void FailOnce(string unitId) => _failOnce[unitId] = 1;


    /// <summary>
    /// The unit's next run is a real bayes-mode training whose KL turns NaN (<see cref="DivergingTraining"/>), and the
    /// rerun that checks it is not: a NaN that does not reproduce.
    /// </summary>
    public void DivergeOnce(string unitId) => _diverge[unitId] = 1;

    /// <summary>Every run of the unit diverges as <see cref="DivergeOnce"/>'s does: a NaN that reproduces.</summary>
    public void DivergeAlways(string unitId) => _diverge[unitId] = int.MaxValue;

    /// <summary>Units matching <paramref name="held"/> wait until <see cref="Release"/>.</summary>
    public void Hold(Func<string, bool> held)
    {
        _held = held;
        _gate.Reset();
    }

    public void Release() => _gate.Set();

    /// <summary>Units of these kinds wait until <see cref="ReleaseKind"/>.</summary>
    public void HoldKinds(params string[] kinds)
    {
        foreach (var kind in kinds)
        {
            _kindGates.GetOrAdd(kind, _ => new ManualResetEventSlim()).Reset();
        }
    }

    public void ReleaseKind(string kind)
    {
        if (_kindGates.TryGetValue(kind, out var gate))
        {
            gate.Set();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        foreach (var gate in _kindGates.Values)
        {
            gate.Set();
            gate.Dispose();
        }
    }

    internal void WaitForKind(string kind, CancellationToken cancellationToken)
    {
        if (_kindGates.TryGetValue(kind, out var gate))
        {
            gate.Wait(cancellationToken);
        }
    }

    internal void Record(UnitWork work, int threads)
    {
        _threads[work.UnitId] = threads;
        _attempts.Enqueue(work);
    }

    internal bool ShouldFail(string unitId) => _failOnce.TryRemove(unitId, out _);

    internal bool ShouldDiverge(string unitId)
    {
        while (_diverge.TryGetValue(unitId, out var left))
        {
            if (left <= 1 ? _diverge.TryRemove(KeyValuePair.Create(unitId, left)) : _diverge.TryUpdate(unitId, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }

    internal void WaitWhileHeld(string unitId, CancellationToken cancellationToken)
    {
        if (_held(unitId))
        {
            _gate.Wait(cancellationToken);
        }
    }
}
