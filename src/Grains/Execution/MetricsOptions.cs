using System.ComponentModel.DataAnnotations;

namespace DwpFarm.Grains.Execution;

/// <summary>How long the silo's metrics keep a finished sweep's series.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Seconds a finished (completed, failed or cancelled) sweep's result gauges stay exported, so that
    /// Prometheus scrapes its last values before the series go.
    /// </summary>
    [Range(0, 7 * 24 * 3600)]
    public int FinishedSweepGraceSeconds { get; set; } = 600;
}
