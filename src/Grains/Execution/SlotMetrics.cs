using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// The farm's own instruments (meter <see cref="Constants.MeterName"/>). Labels are bounded:
/// unit kind, sweep id, layer, evaluation mode (init or bayes) and method (an initialiser, or in bayes mode a
/// prior) — never a unit id.
/// </summary>
public sealed class SlotMetrics : IDisposable
{
    /// <summary>The unit-duration histogram; the silo sets its buckets.</summary>
    public const string UnitDurationName = "dwpfarm.unit.duration";
    public const string ScheduleLatencyName = "dwpfarm.unit.schedule_latency";

    private readonly Meter _meter;
    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _samples;
    private readonly Counter<long> _steps;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _latency;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Sweep, string Layer), double> _elbo = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Sweep, string Mode, string Method), double> _accuracy = new();
    private int _slots;
    private int _busy;
    private long _queued;

    public SlotMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Constants.MeterName);
        _started = _meter.CreateCounter<long>("dwpfarm.units.started", "{unit}", "Unit attempts started on this silo");
        _completed = _meter.CreateCounter<long>("dwpfarm.units.completed", "{unit}", "Units whose result this silo recorded");
        _failed = _meter.CreateCounter<long>("dwpfarm.units.failed", "{unit}", "Units that failed on this silo");
        _retried = _meter.CreateCounter<long>("dwpfarm.units.retried", "{unit}", "Attempts handed back to the queue to run again");
        _samples = _meter.CreateCounter<long>("dwpfarm.training.samples", "{sample}", "Training samples (images or kernels) processed");
        _steps = _meter.CreateCounter<long>("dwpfarm.training.steps", "{step}", "Optimiser steps taken");
        _duration = _meter.CreateHistogram<double>(UnitDurationName, "s", "Wall time of a finished unit attempt");
        _latency = _meter.CreateHistogram<double>(ScheduleLatencyName, "s", "Time a slot sat free before its next unit started, while work was queued");
        _meter.CreateObservableGauge("dwpfarm.slots", () => _slots, "{slot}", "Training slots on this silo");
        _meter.CreateObservableGauge("dwpfarm.slots.busy", () => Volatile.Read(ref _busy), "{slot}", "Slots running a unit");
        _meter.CreateObservableGauge("dwpfarm.queue.length", () => Interlocked.Read(ref _queued), "{unit}", "Units waiting for a slot, cluster-wide");
        _meter.CreateObservableGauge(
            "dwpfarm.vae.elbo",
            () => _elbo.Select(e => new Measurement<double>(e.Value, new KeyValuePair<string, object?>("sweep", e.Key.Sweep), new KeyValuePair<string, object?>("layer", e.Key.Layer))),
            "{nat}",
            "Held-out ELBO per kernel of the latest VAE fitted on this silo");
        _meter.CreateObservableGauge(
            "dwpfarm.evaluation.accuracy",
            () => _accuracy.Select(e => new Measurement<double>(e.Value, new KeyValuePair<string, object?>("sweep", e.Key.Sweep), new KeyValuePair<string, object?>("mode", e.Key.Mode), new KeyValuePair<string, object?>("method", e.Key.Method))),
            "1",
            "Final test accuracy of the latest evaluation finished on this silo, by mode and initialiser or prior");
    }

    /// <summary>Keeps the headline number of a finished unit for the gauges.</summary>
    public void RecordResult(string sweep, Interfaces.Units.UnitResult result)
    {
        switch (result)
        {
            case Interfaces.Units.VaeResult vae when double.IsFinite(vae.TestElbo):
                _elbo[(sweep, vae.Layer)] = vae.TestElbo;
                break;
            case Interfaces.Units.EvaluationResult evaluation when evaluation.Accuracy.Count > 0:
                _accuracy[(sweep, evaluation.Mode, evaluation.Method)] = evaluation.Accuracy[^1];
                break;
        }
    }

    public void SetSlots(int slots) => _slots = slots;

    public void SetQueueLength(long queued) => Interlocked.Exchange(ref _queued, queued);

    public void SlotBusy() => Interlocked.Increment(ref _busy);

    public void SlotFree() => Interlocked.Decrement(ref _busy);

    public int BusySlots => Volatile.Read(ref _busy);

    public void Started(string kind, string sweep)
    {
        var tags = Tags(kind, sweep);
        _started.Add(1, tags);

        // Outcome and sample series exist from the first start, at zero: rate() then sees the
        // first increment, and the failure and retry panels have series before anything failed.
        _samples.Add(0, tags);
        _completed.Add(0, tags);
        _failed.Add(0, tags);
        _retried.Add(0, tags);
    }

    public void Completed(string kind, string sweep, TimeSpan duration)
    {
        _completed.Add(1, Tags(kind, sweep));
        _duration.Record(duration.TotalSeconds, Tags(kind, sweep));
    }

    public void Scheduled(string kind, string sweep, TimeSpan latency) => _latency.Record(latency.TotalSeconds, Tags(kind, sweep));

    public void Failed(string kind, string sweep) => _failed.Add(1, Tags(kind, sweep));

    public void Retried(string kind, string sweep) => _retried.Add(1, Tags(kind, sweep));

    public void AddSamples(string kind, string sweep, long samples)
    {
        if (samples > 0)
        {
            _samples.Add(samples, Tags(kind, sweep));
        }
    }

    public void AddSteps(string kind, string sweep, int steps)
    {
        if (steps > 0)
        {
            _steps.Add(steps, Tags(kind, sweep));
        }
    }

    public void Dispose() => _meter.Dispose();

    private static TagList Tags(string kind, string sweep) => new() { { "kind", kind }, { "sweep", sweep } };
}
