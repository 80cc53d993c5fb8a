using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace DwpFarm.Farm.Tests.Execution;

/// <summary>
/// A fake clock that says when a timer is made, so a test knows a loop has reached its next wait before it moves
/// the clock on: a barrier instead of a sleep.
/// </summary>
public sealed class SteppedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until a timer has been made since the last call.</summary>
    public async Task TimerMadeAsync(string waiter)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await _timers.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{waiter} made no timer within {Patience.TotalSeconds} s");
        }
    }

    /// <summary>Moves the clock on and waits until <paramref name="waiter"/> waits again.</summary>
    public async Task StepAsync(TimeSpan by, string waiter)
    {
        Advance(by);
        await TimerMadeAsync(waiter);
    }
}
