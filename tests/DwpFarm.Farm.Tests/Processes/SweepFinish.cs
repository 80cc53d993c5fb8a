using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>Waits for a sweep on a silo process to finish, or fails with its last status and the silo's output.</summary>
internal static class SweepFinish
{
    public static async Task<SweepStatus> WaitAsync(ISweepGrain sweep, SiloProcess silo, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            SweepStatus? last = null;
            await foreach (var status in sweep.WatchAsync(TimeSpan.FromMilliseconds(200), cancel.Token))
            {
                last = status;
            }

            return last ?? await sweep.GetStatusAsync();
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the sweep did not finish within {timeout}: {SweepStatusView.Line(await sweep.GetStatusAsync())}\n{silo.Output}");
        }
    }
}
