using DwpFarm.Grains.Execution;

namespace DwpFarm.Farm.Tests;

public sealed class WorkSignalTests
{
    [Fact]
    public void A_pulse_wakes_a_waiter_and_a_timeout_does_not()
    {
        using var signal = new WorkSignal();

        signal.Pulse(1);

        Assert.True(signal.Wait(TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.False(signal.Wait(TimeSpan.FromMilliseconds(10), CancellationToken.None));
    }

    [Fact]
    public void Waiting_on_a_disposed_signal_returns_instead_of_throwing()
    {
        // A slot thread still waiting when a host is disposed without being stopped.
        var signal = new WorkSignal();
        signal.Dispose();

        Assert.False(signal.Wait(TimeSpan.FromSeconds(5), CancellationToken.None));
    }
}
