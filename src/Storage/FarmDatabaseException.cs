namespace DwpFarm.Storage;

/// <summary>
/// A database problem the operator can fix: unreachable server, missing or old schema.
/// The message is one line, names what to run, and never contains a connection string.
/// </summary>
public sealed class FarmDatabaseException : Exception
{
    public FarmDatabaseException(string message)
        : base(message)
    {
    }

    public FarmDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
