using System.Data.Common;
using DwpFarm.Storage;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// Keeps one attempt's lease: renews it every third of the lease time, and cancels the attempt when the lease is lost
/// (another slot took the unit over) or when the database stays unreachable until the lease would have run out, since
/// another slot may take the unit from then on. Waits and deadlines read the <see cref="TimeProvider"/>.
/// </summary>
public sealed class LeaseRenewal : IDisposable
{
    private readonly Func<CancellationToken, Task<bool>> _renew;
    private readonly TimeSpan _leaseTime;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _attempt;
    private readonly Task _renewal;
    private volatile bool _lost;

    /// <param name="renew">Extends the lease by <paramref name="leaseTime"/>; false when it was lost.</param>
    /// <param name="leaseTime">How long a lease lasts from a claim or a renewal.</param>
    /// <param name="time">The clock of the waits and the deadline.</param>
    /// <param name="stoppingToken">The silo's: stopping it cancels the attempt too.</param>
    public LeaseRenewal(Func<CancellationToken, Task<bool>> renew, TimeSpan leaseTime, TimeProvider time, CancellationToken stoppingToken)
    {
        _renew = renew;
        _leaseTime = leaseTime;
        _time = time;
        _attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _renewal = RenewWhileRunningAsync();
    }

    /// <summary>The attempt's token: cancelled when the silo stops, when the lease is lost, and when the attempt ends.</summary>
    public CancellationToken Token => _attempt.Token;

    /// <summary>Whether the attempt was cancelled because the lease was lost rather than because the silo stops.</summary>
    public bool Lost => _lost;

    /// <summary>Ends the renewals once the attempt is over, after one in flight has returned.</summary>
    public void Dispose()
    {
        _attempt.Cancel();
        _renewal.GetAwaiter().GetResult();
        _attempt.Dispose();
    }

    private async Task RenewWhileRunningAsync()
    {
        var deadline = _time.GetUtcNow() + _leaseTime;
        while (!_attempt.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_leaseTime / 3, _time, _attempt.Token);

                // The queue extends the lease from when it gets the renewal, so counting from the asking never
                // outlives it.
                var asked = _time.GetUtcNow();
                if (await _renew(_attempt.Token))
                {
                    deadline = asked + _leaseTime;
                    continue;
                }

                await LoseAsync();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is FarmDatabaseException or DbException)
            {
                // Keep training through a short database outage, but not past the lease.
                if (_time.GetUtcNow() >= deadline)
                {
                    await LoseAsync();
                }
            }
        }
    }

    private async Task LoseAsync()
    {
        _lost = true;
        await _attempt.CancelAsync();
    }
}
