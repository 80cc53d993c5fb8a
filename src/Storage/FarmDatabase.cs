using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DwpFarm.Storage;

/// <summary>
/// Opens connections to the farm database and names it safely. Orleans' ADO.NET providers
/// get the same connection string and the invariant from <see cref="Invariant"/>.
/// </summary>
public sealed class FarmDatabase
{
    /// <summary>The invariant under which Orleans loads Microsoft.Data.Sqlite.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    public const string PostgresInvariant = "Npgsql";

    /// <summary>How long SQLite itself waits for a locked file before it reports busy, on our connections.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    public FarmDatabase(DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new FarmDatabaseException($"no database connection string is configured ({DatabaseOptions.SectionName}:ConnectionString)");
        }

        Provider = options.Provider;
        ConnectionString = options.ConnectionString;
        Factory = Provider == DatabaseProvider.Sqlite ? SqliteFactory.Instance : NpgsqlFactory.Instance;
        try
        {
            var builder = Factory.CreateConnectionStringBuilder()!;
            builder.ConnectionString = ConnectionString;
        }
        catch (ArgumentException ex)
        {
            // The provider's message can quote the string; keep only its kind.
            throw new FarmDatabaseException($"the {Provider} connection string is malformed ({ex.GetType().Name})");
        }
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public DbProviderFactory Factory { get; }

    public string Invariant => Provider == DatabaseProvider.Sqlite ? SqliteInvariant : PostgresInvariant;

    /// <summary>A description safe for logs and errors: the file, or host/port/database, never credentials.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}";
        }

        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>Opens a connection, turning connection failures into one clear line.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = Factory.CreateConnection()!;
        connection.ConnectionString = ConnectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Provider == DatabaseProvider.Sqlite)
            {
                // On a locked file Microsoft.Data.Sqlite retries after 150 ms sleeps; SQLite's own busy handler
                // waits 1–100 ms and usually gets the lock at once, which keeps slots' claims from idling 150 ms.
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new FarmDatabaseException($"cannot open the database ({Describe()}): {SafeReason(ex)}", ex, IsUnreachable(ex));
        }
    }

    /// <summary>A network failure before any server answered; a server's own refusal (bad password, no such database) is not one.</summary>
    private static bool IsUnreachable(Exception ex) => ex is System.Net.Sockets.SocketException or TimeoutException
        || ex is NpgsqlException and not PostgresException && ex.InnerException is System.Net.Sockets.SocketException or TimeoutException;

    /// <summary>
    /// The cause of a failure in words that cannot carry the connection string: the server's
    /// own message (it never sees the client's string), a socket error code, or the kind.
    /// </summary>
    internal static string SafeReason(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.SqlState} {pg.MessageText}",
        NpgsqlException { InnerException: System.Net.Sockets.SocketException se } => se.SocketErrorCode.ToString(),
        NpgsqlException { InnerException: TimeoutException } or TimeoutException => "timed out",
        SqliteException sq => $"SQLite error {sq.SqliteErrorCode}",
        _ => ex.GetType().Name,
    };
}
