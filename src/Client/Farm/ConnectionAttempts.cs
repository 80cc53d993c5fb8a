namespace DwpFarm.Client.Farm;

/// <summary>
/// The client's initial connection attempts: a gateway that drops the handshake (a TLS cluster without our
/// certificate, a port that is not a gateway) is tried <see cref="Tries"/> times and then given up as unreachable, while
/// one that stays silent is left to the connect limit and called slow.
/// </summary>
internal sealed class ConnectionAttempts : IClientConnectionRetryFilter
{
    public const int Tries = 3;
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
    private int _failures;

    /// <summary>The latest failed attempt's error, or null when no attempt has failed (yet).</summary>
    public Exception? LastFailure { get; private set; }

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LastFailure = exception;
        if (Interlocked.Increment(ref _failures) >= Tries)
        {
            return false;
        }

        await Task.Delay(Pause, cancellationToken);
        return true;
    }
}
