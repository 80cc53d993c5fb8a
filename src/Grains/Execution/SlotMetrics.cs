using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Vocabulary;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// The farm's own instruments (meter <see cref="Constants.MeterName"/>). Counters and histograms are labelled
/// by unit kind only (and what a sample is), a set known at start, so every counter series exists at zero from
/// the silo's start and rate() and increase() see even the first unit that starts and fails between two scrapes.
/// Only the result gauges name a sweep, and those are removed once the sweep has finished
/// (<see cref="ForgetSweep"/>). Never a unit id.
/// </summary>
public sealed class SlotMetrics : IDisposable
{
    /// <summary>The unit-duration histogram; the silo sets its buckets.</summary>
    public const string UnitDurationName = "dwpfarm.unit.duration";
    public const string ScheduleLatencyName = "dwpfarm.unit.schedule_latency";

    private readonly Meter _meter;
    private readonly TimeProvider _time;
    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _samples;
    private readonly Counter<long> _steps;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _latency;
    private readonly ConcurrentDictionary<(string Sweep, string Layer), double> _elbo = new();
    private readonly ConcurrentDictionary<(string Sweep, string Mode, string Method, int TrainSize), double> _accuracy = new();
    private readonly Lock _slotsLock = new();
    private string[] _devices = [];
    private long[] _busySince = [];
    private double[] _busySeconds = [];
    private int _busy;
    private long _queued;
    private bool _reportsQueue;

    /// <param name="meterFactory">Makes the meter.</param>
    /// <param name="time">Times the slots' busy seconds; the system clock when none is given.</param>
    public SlotMetrics(IMeterFactory meterFactory, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _meter = meterFactory.Create(Constants.MeterName);
        _started = _meter.CreateCounter<long>("dwpfarm.units.started", "{unit}", "Unit attempts started on this silo");
        _completed = _meter.CreateCounter<long>("dwpfarm.units.completed", "{unit}", "Units whose result this silo recorded");
        _failed = _meter.CreateCounter<long>("dwpfarm.units.failed", "{unit}", "Units that failed for good on this silo");
        _retried = _meter.CreateCounter<long>("dwpfarm.units.retried", "{unit}", "Attempts handed back to the queue to run again");
        _samples = _meter.CreateCounter<long>("dwpfarm.training.samples", "{sample}", "Training samples processed, by unit kind and what a sample is (image, kernel, source model)");
        _steps = _meter.CreateCounter<long>("dwpfarm.training.steps", "{step}", "Optimiser steps taken, by unit kind");
        _duration = _meter.CreateHistogram<double>(UnitDurationName, "s", "Wall time of a finished unit attempt");
        _latency = _meter.CreateHistogram<double>(ScheduleLatencyName, "s", "Time a slot sat free before its next unit started, while work was queued");
        _meter.CreateObservableGauge("dwpfarm.slots", () => SlotsByDevice(busyOnly: false), "{slot}", "Training slots on this silo, by device");
        _meter.CreateObservableGauge("dwpfarm.slots.busy", () => SlotsByDevice(busyOnly: true), "{slot}", "Slots running a unit, by device");
        _meter.CreateObservableCounter("dwpfarm.slot.busy_time", BusyTime, "s", "Seconds each slot spent running units, by slot and device (cpu, cuda); its rate is the slot's utilisation");
        _meter.CreateObservableGauge("dwpfarm.queue.length", QueueLength, "{unit}", "Units waiting for a slot, cluster-wide; exported by one silo of the cluster only");
        _meter.CreateObservableGauge(
            "dwpfarm.vae.elbo",
            () => _elbo.Select(e => new Measurement<double>(e.Value, new KeyValuePair<string, object?>("sweep", e.Key.Sweep), new KeyValuePair<string, object?>("layer", e.Key.Layer))),
            "{nat}",
            "Held-out ELBO per kernel of the latest VAE fitted on this silo");
        _meter.CreateObservableGauge(
            "dwpfarm.evaluation.accuracy",
            () => _accuracy.Select(e => new Measurement<double>(
                e.Value,
                new KeyValuePair<string, object?>("sweep", e.Key.Sweep),
                new KeyValuePair<string, object?>("mode", e.Key.Mode),
                new KeyValuePair<string, object?>("method", e.Key.Method),
                new KeyValuePair<string, object?>("train_size", e.Key.TrainSize))),
            "1",
            "Final test accuracy of the latest evaluation finished on this silo, by mode, initialiser or prior, and train size");

        // Every series a dashboard panel reads exists at zero from the start: Prometheus then holds a sample
        // before the first increment, so increase() counts it. Histograms have no empty point to create; their
        // _count series start with the first observation of a kind.
        foreach (var row in PhaseTable.Rows)
        {
            var tags = Tags(row.Kind);
            _started.Add(0, tags);
            _completed.Add(0, tags);
            _failed.Add(0, tags);
            _retried.Add(0, tags);
            _steps.Add(0, tags);
            _samples.Add(0, SampleTags(row.Kind));
        }
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
                // The tag holds the name a spec uses, as the method tag does.
                _accuracy[(sweep, SpecName.Of(evaluation.Mode), evaluation.Method, evaluation.TrainSize)] = evaluation.Accuracy[^1];
                break;
        }
    }

    /// <summary>The sweeps that have series on this silo.</summary>
    public IReadOnlySet<string> Sweeps => _elbo.Keys.Select(k => k.Sweep).Concat(_accuracy.Keys.Select(k => k.Sweep)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Removes a sweep's series: the exporter drops a series its gauge no longer reports.</summary>
    public void ForgetSweep(string sweep)
    {
        foreach (var key in _elbo.Keys.Where(k => k.Sweep == sweep))
        {
            _elbo.TryRemove(key, out _);
        }

        foreach (var key in _accuracy.Keys.Where(k => k.Sweep == sweep))
        {
            _accuracy.TryRemove(key, out _);
        }
    }

    /// <summary>Sets the slots, one device name per slot (<c>cpu</c>, <c>cuda</c>, …).</summary>
    public void SetSlots(IReadOnlyList<string> devices)
    {
        lock (_slotsLock)
        {
            _devices = [.. devices];
            _busySince = new long[devices.Count];
            _busySeconds = new double[devices.Count];
        }
    }

    /// <summary>The cluster's queue length; <paramref name="export"/> is true on the one silo that exports it.</summary>
    public void SetQueueLength(long queued, bool export)
    {
        Interlocked.Exchange(ref _queued, queued);
        Volatile.Write(ref _reportsQueue, export);
    }

    public void SlotBusy(int slot)
    {
        lock (_slotsLock)
        {
            _busySince[slot] = _time.GetTimestamp();
        }

        Interlocked.Increment(ref _busy);
    }

    public void SlotFree(int slot)
    {
        lock (_slotsLock)
        {
            _busySeconds[slot] += _time.GetElapsedTime(_busySince[slot]).TotalSeconds;
            _busySince[slot] = 0;
        }

        Interlocked.Decrement(ref _busy);
    }

    public int BusySlots => Volatile.Read(ref _busy);

    public void Started(string kind) => _started.Add(1, Tags(kind));

    public void Completed(string kind, TimeSpan duration)
    {
        _completed.Add(1, Tags(kind));
        _duration.Record(duration.TotalSeconds, Tags(kind));
    }

    public void Scheduled(string kind, TimeSpan latency) => _latency.Record(latency.TotalSeconds, Tags(kind));

    public void Failed(string kind) => _failed.Add(1, Tags(kind));

    public void Retried(string kind) => _retried.Add(1, Tags(kind));

    public void AddSamples(string kind, long samples)
    {
        if (samples > 0)
        {
            _samples.Add(samples, SampleTags(kind));
        }
    }

    public void AddSteps(string kind, long steps)
    {
        if (steps > 0)
        {
            _steps.Add(steps, Tags(kind));
        }
    }

    public void Dispose() => _meter.Dispose();

    private static TagList Tags(string kind) => new() { { "kind", kind } };

    private static TagList SampleTags(string kind) => new() { { "kind", kind }, { "sample", PhaseTable.OfKind(kind)?.Sample ?? "unknown" } };

    private IEnumerable<Measurement<long>> QueueLength() =>
        Volatile.Read(ref _reportsQueue) ? [new Measurement<long>(Interlocked.Read(ref _queued))] : [];

    private List<Measurement<int>> SlotsByDevice(bool busyOnly)
    {
        lock (_slotsLock)
        {
            return [.. _devices
                .Select((device, slot) => (device, busy: _busySince[slot] != 0))
                .GroupBy(s => s.device, StringComparer.Ordinal)
                .Select(g => new Measurement<int>(busyOnly ? g.Count(s => s.busy) : g.Count(), new KeyValuePair<string, object?>("device", g.Key)))];
        }
    }

    /// <summary>Finished attempts plus the running one, so a unit of hours shows its slot busy while it runs.</summary>
    private List<Measurement<double>> BusyTime()
    {
        lock (_slotsLock)
        {
            return [.. _devices.Select((device, slot) => new Measurement<double>(
                _busySeconds[slot] + (_busySince[slot] == 0 ? 0 : _time.GetElapsedTime(_busySince[slot]).TotalSeconds),
                new KeyValuePair<string, object?>("slot", slot),
                new KeyValuePair<string, object?>("device", device)))];
        }
    }
}
