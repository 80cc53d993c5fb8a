using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;

namespace DwpFarm.Silo;

/// <summary>
/// Re-publishes the synchronous instruments of the Orleans meter under Prometheus' naming
/// rules: durations in seconds instead of milliseconds and snake_case label names (Orleans
/// tags some series <c>ConnectionDirection</c>, <c>Phase</c>, …). <see cref="PrometheusViews"/>
/// drops the originals from the export, so each series appears once and the scrape passes
/// <c>promtool check metrics</c>. Observable Orleans instruments are exported directly.
/// </summary>
internal sealed class OrleansMetricsBridge : IHostedService, IDisposable
{
    /// <summary>The meter Orleans records into.</summary>
    public const string SourceMeter = "Microsoft.Orleans";

    /// <summary>The meter the converted instruments live in (exported as <c>otel_scope_name</c>).</summary>
    public const string MeterName = "DwpFarm.Orleans";

    private static readonly ConcurrentDictionary<string, string> LabelNames = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private readonly MeterListener _listener = new();

    // One mirror per name, should Orleans publish an instrument again (a second meter instance).
    private readonly ConcurrentDictionary<string, Mirror> _mirrors = new(StringComparer.Ordinal);

    public OrleansMetricsBridge(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (IsBridged(instrument))
            {
                listener.EnableMeasurementEvents(instrument, _mirrors.GetOrAdd(instrument.Name, _ => Mirror.Create(_meter, instrument)));
            }
        };
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((Mirror)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((Mirror)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((Mirror)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Mirror)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((Mirror)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Mirror)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((Mirror)state!).Record((double)value, tags));

        // Started here, not in StartAsync: the host builds every hosted service before it starts
        // the first, so up-down counters Orleans moves while the silo starts are not missed.
        // Start enumerates the instruments already published, then follows new ones.
        _listener.Start();
    }

    private static readonly Type[] SynchronousKinds = [typeof(Counter<>), typeof(UpDownCounter<>), typeof(Histogram<>), typeof(Gauge<>)];

    /// <summary>Orleans instruments this bridge re-publishes; the exporter drops their originals.</summary>
    public static bool IsBridged(Instrument instrument) => instrument.Meter.Name == SourceMeter && Kind(instrument) is not null;

    /// <summary>
    /// The Prometheus base unit and factor for an OpenTelemetry unit the exporter would spell
    /// as a non-base unit (<c>ms</c> becomes <c>_milliseconds</c>); null for anything else.
    /// </summary>
    public static (string Unit, double Scale)? ToBaseUnit(string? unit) => unit switch
    {
        "ms" => ("s", 1e-3),
        "us" => ("s", 1e-6),
        "ns" => ("s", 1e-9),
        "min" => ("s", 60),
        "h" => ("s", 3600),
        "KB" or "KBy" => ("By", 1e3),
        "MB" or "MBy" => ("By", 1e6),
        "GB" or "GBy" => ("By", 1e9),
        "KiBy" => ("By", 1024),
        "MiBy" => ("By", 1024 * 1024),
        "GiBy" => ("By", 1024 * 1024 * 1024),
        _ => null,
    };

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    /// <summary>The generic instrument type (<c>Counter&lt;&gt;</c>, …) of a synchronous instrument; null for observable ones.</summary>
    private static Type? Kind(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && SynchronousKinds.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericTypeDefinition() : null;
    }

    /// <summary><c>ConnectionDirection</c> → <c>connection_direction</c>; snake_case names pass unchanged.</summary>
    internal static string LabelName(string key) => LabelNames.GetOrAdd(key, static k =>
    {
        var name = new StringBuilder(k.Length + 4);
        for (var i = 0; i < k.Length; i++)
        {
            var c = k[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && k[i - 1] != '_' && !char.IsUpper(k[i - 1]))
                {
                    name.Append('_');
                }

                name.Append(char.ToLowerInvariant(c));
            }
            else
            {
                name.Append(c);
            }
        }

        return name.ToString();
    });

    /// <summary>One converted instrument: same name and kind, base unit, snake_case labels.</summary>
    private sealed class Mirror(Action<double, TagList> record, double scale)
    {
        public static Mirror Create(Meter meter, Instrument source)
        {
            var converted = ToBaseUnit(source.Unit);
            var unit = converted?.Unit ?? source.Unit;
            var description = source.Description is { Length: > 0 } text
                ? text
                : $"Orleans instrument {source.Name}";
            if (converted is not null)
            {
                description += $" (recorded in {source.Unit}, exported in {unit})";
            }

            var kind = Kind(source);
            Action<double, TagList> record;
            if (kind == typeof(Counter<>))
            {
                var counter = meter.CreateCounter<double>(source.Name, unit, description);
                record = (value, tags) => counter.Add(value, tags);
            }
            else if (kind == typeof(UpDownCounter<>))
            {
                var counter = meter.CreateUpDownCounter<double>(source.Name, unit, description);
                record = (value, tags) => counter.Add(value, tags);
            }
            else if (kind == typeof(Histogram<>))
            {
                var histogram = meter.CreateHistogram<double>(source.Name, unit, description);
                record = (value, tags) => histogram.Record(value, tags);
            }
            else
            {
                var gauge = meter.CreateGauge<double>(source.Name, unit, description);
                record = (value, tags) => gauge.Record(value, tags);
            }

            return new Mirror(record, converted?.Scale ?? 1);
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var converted = new TagList();
            foreach (var tag in tags)
            {
                converted.Add(LabelName(tag.Key), tag.Value);
            }

            record(value * scale, converted);
        }
    }
}
