using System.Diagnostics.Metrics;
using DwpFarm.Grains;
using DwpFarm.Grains.Execution;
using OpenTelemetry.Metrics;

namespace DwpFarm.Silo;

/// <summary>
/// The one metrics view of the silo: it keeps the Prometheus scrape within Prometheus'
/// naming rules (<c>promtool check metrics</c> passes) and sets histogram buckets that suit
/// the farm. A single function, because OpenTelemetry exports one stream per matching view.
/// </summary>
internal static class PrometheusViews
{
    /// <summary>Orleans call and storage latencies, in seconds.</summary>
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>Unit attempts last from under a second (a tiny test sweep) to hours (paper-scale source runs).</summary>
    private static readonly double[] UnitDurationBuckets = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800];

    /// <summary>.NET runtime gauges whose names end in <c>.count</c>, which Prometheus reserves for histograms.</summary>
    private static readonly Dictionary<string, string> RuntimeRenames = new(StringComparer.Ordinal)
    {
        ["dotnet.assembly.count"] = "dotnet.assemblies.loaded",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.timer.count"] = "dotnet.timers.active",
    };

    public static MetricStreamConfiguration? Configure(Instrument instrument)
    {
        switch (instrument.Meter.Name)
        {
            // Re-published in base units by the bridge; observable ones in other units (MB) are
            // dropped: the runtime's process memory series say the same in bytes.
            case OrleansMetricsBridge.SourceMeter when OrleansMetricsBridge.IsBridged(instrument) || OrleansMetricsBridge.ToBaseUnit(instrument.Unit) is not null:
                return MetricStreamConfiguration.Drop;
            case OrleansMetricsBridge.SourceMeter when string.IsNullOrEmpty(instrument.Description):
                return new MetricStreamConfiguration { Description = $"Orleans instrument {instrument.Name}" };
            case OrleansMetricsBridge.MeterName when instrument is Histogram<double> && instrument.Unit == "s":
                return new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets };
            case Constants.MeterName when instrument.Name == SlotMetrics.ScheduleLatencyName:
                return new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets };
            case Constants.MeterName when instrument.Name == SlotMetrics.UnitDurationName:
                return new ExplicitBucketHistogramConfiguration { Boundaries = UnitDurationBuckets };
            case "System.Runtime" when RuntimeRenames.TryGetValue(instrument.Name, out var name):
                return new MetricStreamConfiguration { Name = name };
            default:
                return null;
        }
    }
}
