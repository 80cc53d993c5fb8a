using DwpFarm.Grains.Interfaces.Sweeps;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DwpFarm.Hosting;

/// <summary>
/// Wakes unfinished sweeps once the silo is up. With in-memory reminders (the embedded
/// default) nothing else would reactivate a sweep after a restart. A failure here is
/// logged, not fatal: the silo still serves, and a sweep resumes when it is next called.
/// </summary>
internal sealed partial class SweepResumer(IGrainFactory grains, ILogger<SweepResumer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var resumed = await grains.GetGrain<ISweepRegistryGrain>(0).ResumeActiveAsync();
            LogResumed(resumed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogResumeFailed(ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} unfinished sweep(s)")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not resume unfinished sweeps; they resume when next called")]
    private partial void LogResumeFailed(Exception exception);
}
