using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Net;
using DwpFarm.Grains.Execution;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DwpFarm.Farm.Tests.Observability;

/// <summary>The farm's instruments without a silo: what exists at start, the labels, and which series go when.</summary>
public sealed class SlotMetricsTests : IDisposable
{
    private static readonly string[] Kinds = [UnitKind.Source, UnitKind.Bank, UnitKind.Vae, UnitKind.Evaluation];
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, string> Tags)> _measurements = [];

    public SlotMetricsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
        Metrics = new SlotMetrics(factory);
    }

    private SlotMetrics Metrics { get; }

    [Fact]
    public void Every_counter_is_created_at_zero_for_every_unit_kind()
    {
        string[] counters = ["dwpfarm.units.started", "dwpfarm.units.completed", "dwpfarm.units.failed", "dwpfarm.units.retried", "dwpfarm.training.steps", "dwpfarm.training.samples"];
        foreach (var counter in counters)
        {
            var zeros = _measurements.Where(m => m.Instrument == counter && m.Value == 0).Select(m => m.Tags["kind"]).Order();
            Assert.Equal(Kinds.Order(), zeros);
        }

        var samples = _measurements.Where(m => m.Instrument == "dwpfarm.training.samples").ToDictionary(m => m.Tags["kind"], m => m.Tags["sample"]);
        Assert.Equal(new Dictionary<string, string> { ["source"] = "image", ["bank"] = "model", ["vae"] = "kernel", ["eval"] = "image" }, samples);
    }

    [Fact]
    public void Accuracies_of_two_train_sizes_are_two_series()
    {
        Metrics.RecordResult("s1", Evaluation(50, 0.7));
        Metrics.RecordResult("s1", Evaluation(100, 0.8));
        var accuracy = Observe("dwpfarm.evaluation.accuracy");
        Assert.Equal([("50", 0.7), ("100", 0.8)], accuracy.Select(m => (m.Tags["train_size"], m.Value)).OrderBy(m => m.Value));
    }

    [Fact]
    public void The_queue_length_is_exported_only_by_the_reporting_silo()
    {
        Metrics.SetQueueLength(7, export: false);
        Assert.Empty(Observe("dwpfarm.queue.length"));
        Metrics.SetQueueLength(7, export: true);
        Assert.Equal(7, Assert.Single(Observe("dwpfarm.queue.length")).Value);
    }

    [Fact]
    public void Busy_time_counts_per_slot_and_device_including_the_running_unit()
    {
        Metrics.SetSlots(["cuda", "cuda", "cpu"]);
        Metrics.SlotBusy(1);
        Metrics.SlotBusy(2);
        Metrics.SlotFree(2);
        var busy = Observe("dwpfarm.slot.busy_time").ToDictionary(m => m.Tags["slot"], m => (m.Tags["device"], m.Value));
        Assert.Equal(["0", "1", "2"], busy.Keys.Order());
        Assert.Equal(("cuda", 0.0), busy["0"]);
        Assert.True(busy["1"].Value > 0 && busy["1"].Item1 == "cuda", $"slot 1: {busy["1"]}");
        Assert.True(busy["2"].Value > 0 && busy["2"].Item1 == "cpu", $"slot 2: {busy["2"]}");
        Assert.Equal([("cpu", 1.0), ("cuda", 2.0)], Observe("dwpfarm.slots").Select(m => (m.Tags["device"], m.Value)).Order());
        Assert.Equal([("cpu", 0.0), ("cuda", 1.0)], Observe("dwpfarm.slots.busy").Select(m => (m.Tags["device"], m.Value)).Order());
    }

    [Fact]
    public void A_unit_holding_two_slots_shows_two_busy_slots_with_busy_time_on_each_until_it_ends()
    {
        var ledger = new SlotLedger(Metrics, TimeProvider.System);
        Metrics.SetSlots(["cpu", "cpu", "cpu"]);
        ledger.SetSlots(3);

        // Slot 2 claims a unit of two slots: it takes the first free slot beside its own.
        var hold = ledger.TryClaim(2, (_, _) => new Storage.Queue.WorkLease("s/vae/conv2", UnitKind.Vae, "s", 1, 1, "silo", Slots: 2), CancellationToken.None)!;

        Assert.Equal(2, Metrics.BusySlots);
        Assert.Equal([("cpu", 2.0)], Observe("dwpfarm.slots.busy").Select(m => (m.Tags["device"], m.Value)));
        ledger.Release(hold, freeAt: null);
        Assert.Equal(0, Metrics.BusySlots);
        var busy = Observe("dwpfarm.slot.busy_time").Where(m => m.Value > 0).Select(m => m.Tags["slot"]).Order();
        Assert.Equal(["0", "2"], busy);
    }

    [Fact]
    public async Task A_finished_sweeps_series_go_after_the_grace_period_only()
    {
        var time = new FakeTimeProvider();
        var finished = new Dictionary<string, bool> { ["done"] = true, ["running"] = false };
        var series = new FinishedSweepSeries(Metrics, sweep => Task.FromResult(finished[sweep]), TimeSpan.FromMinutes(10), time);
        foreach (var sweep in finished.Keys)
        {
            Metrics.RecordResult(sweep, Evaluation(50, 0.5));
            Metrics.RecordResult(sweep, new VaeResult { Layer = "conv1", TestElbo = -1, TrainElbo = -1, Environment = "", DataSha256 = "", Weights = null! });
        }

        Assert.Empty(await series.SweepAsync());
        time.Advance(TimeSpan.FromMinutes(9));
        await series.SweepAsync();
        Assert.Equal(["done", "running"], Metrics.Sweeps.Order());

        time.Advance(TimeSpan.FromMinutes(1));
        await series.SweepAsync();
        Assert.Equal(["running"], Metrics.Sweeps);
        Assert.DoesNotContain(Observe("dwpfarm.evaluation.accuracy").Concat(Observe("dwpfarm.vae.elbo")), m => m.Tags["sweep"] == "done");
    }

    [Fact]
    public async Task A_sweep_that_runs_again_starts_its_grace_over()
    {
        var time = new FakeTimeProvider();
        var finished = true;
        var series = new FinishedSweepSeries(Metrics, _ => Task.FromResult(finished), TimeSpan.FromMinutes(10), time);
        Metrics.RecordResult("retried", Evaluation(50, 0.5));
        await series.SweepAsync();
        time.Advance(TimeSpan.FromMinutes(8));
        finished = false;
        await series.SweepAsync();
        finished = true;
        await series.SweepAsync();
        time.Advance(TimeSpan.FromMinutes(8));
        await series.SweepAsync();
        Assert.Equal(["retried"], Metrics.Sweeps);
    }

    [Fact]
    public async Task A_sweep_whose_status_cannot_be_read_keeps_its_series_and_is_reported()
    {
        var time = new FakeTimeProvider();
        var series = new FinishedSweepSeries(Metrics, _ => throw new TimeoutException("silo gone"), TimeSpan.Zero, time);
        Metrics.RecordResult("unknown", Evaluation(50, 0.5));
        var errors = await series.SweepAsync();
        Assert.Equal("unknown", Assert.Single(errors).Sweep);
        Assert.Equal(["unknown"], Metrics.Sweeps);
    }

    [Fact]
    public void The_queue_reporter_is_the_active_silo_with_the_lowest_address()
    {
        var first = Silo(11111);
        var second = Silo(22222);
        var both = Snapshot((first, SiloStatus.Active), (second, SiloStatus.Active));
        Assert.True(QueueReporter.IsReporter(first, both));
        Assert.False(QueueReporter.IsReporter(second, both));

        // The first is dying: the second takes over; a silo that sees no active member reports rather than no one.
        Assert.True(QueueReporter.IsReporter(second, Snapshot((first, SiloStatus.ShuttingDown), (second, SiloStatus.Active))));
        Assert.True(QueueReporter.IsReporter(second, Snapshot((second, SiloStatus.Joining))));
    }

    public void Dispose()
    {
        Metrics.Dispose();
        _listener.Dispose();
        _services.Dispose();
    }

    private static EvaluationResult Evaluation(int trainSize, double accuracy) => new()
    {
        Mode = EvaluationMode.Bayes,
        Method = "dwp",
        TrainSize = trainSize,
        Seed = 0,
        Steps = [10],
        Accuracy = [accuracy],
        Environment = "",
        DataSha256 = "",
    };

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    private static ClusterMembershipSnapshot Snapshot(params (SiloAddress Silo, SiloStatus Status)[] members) => new(
        members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, m.Silo.ToString())),
        new MembershipVersion(1));

    private List<(string Instrument, double Value, Dictionary<string, string> Tags)> Observe(string instrument)
    {
        lock (_measurements)
        {
            _measurements.Clear();
        }

        _listener.RecordObservableInstruments();
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument)];
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            labels[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture)!;
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, labels));
        }
    }
}
