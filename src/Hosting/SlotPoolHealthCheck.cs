using DwpFarm.Grains.Execution;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace DwpFarm.Hosting;

/// <summary>Healthy while the slot pool's heartbeat loop keeps running; it never calls a grain.</summary>
public sealed class SlotPoolHealthCheck(IEnumerable<IHostedService> services, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan MaxSilence = TimeSpan.FromSeconds(30);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pool = services.OfType<SlotPool>().FirstOrDefault();
        if (pool is null)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no slot pool"));
        }

        var silence = time.GetUtcNow() - pool.LastHeartbeat;
        return Task.FromResult(silence <= MaxSilence
            ? HealthCheckResult.Healthy($"{pool.Slots} slots")
            : HealthCheckResult.Unhealthy($"slot pool silent for {silence.TotalSeconds:F0} s"));
    }
}
