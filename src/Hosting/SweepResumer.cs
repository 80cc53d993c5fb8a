using DwpFarm.Grains.Interfaces.Sweeps;
using Microsoft.Extensions.Hosting;

namespace DwpFarm.Hosting;

/// <summary>
/// Wakes unfinished sweeps once the silo is up. With in-memory reminders (the embedded
/// default) nothing else would reactivate a sweep after a restart.
/// </summary>
internal sealed class SweepResumer(IGrainFactory grains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        grains.GetGrain<ISweepRegistryGrain>(0).ResumeActiveAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
