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

    public FarmDatabaseException(string message, Exception innerException, bool unreachable)
        : base(message, innerException) => Unreachable = unreachable;

    /// <summary>The server did not answer (refused, unresolvable, timed out), as opposed to answering with an error.</summary>
    public bool Unreachable { get; }

    /// <summary>The schema is missing or older than this build: `dwpfarm db init` (perhaps already running) fixes it.</summary>
    public bool SchemaBehind { get; init; }
}
