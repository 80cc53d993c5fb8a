namespace DwpFarm.Client.Infrastructure;

/// <summary>Process exit codes of the dwpfarm CLI.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input or a failed job; the error line says which.</summary>
    public const int Failed = 1;

    /// <summary>The cluster gateway could not be reached.</summary>
    public const int Unreachable = 2;

    /// <summary>A gateway accepted the connection but the cluster did not answer within the connect limit.</summary>
    public const int Slow = 3;

    /// <summary>The command line itself was malformed.</summary>
    public const int Usage = 64;
}
