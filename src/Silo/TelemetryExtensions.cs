using DwpFarm.Grains;
using OpenTelemetry.Metrics;

namespace DwpFarm.Silo;

/// <summary>Metrics for Prometheus at /metrics: Orleans, the .NET runtime and the farm's own meter.</summary>
internal static class TelemetryExtensions
{
    public static void AddDwpFarmTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<OrleansMetricsBridge>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OrleansMetricsBridge.SourceMeter, OrleansMetricsBridge.MeterName, Constants.MeterName)
            .AddRuntimeInstrumentation()
            .AddView(PrometheusViews.Configure)
            .AddPrometheusExporter());
    }
}
