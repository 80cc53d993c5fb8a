using DwpFarm.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace DwpFarm.Hosting;

/// <summary>
/// Holds an exclusive lock beside the embedded SQLite database while the silo runs. Two silos on one SQLite file both
/// believe they are the only member of a localhost cluster and corrupt each other's membership (Orleans fails with
/// InconsistentStateException), so the second one is refused before its Orleans silo starts.
/// </summary>
public sealed class SqliteSiloLock(string databaseFile) : IHostedService, IDisposable
{
    private FileStream? _held;

    public string DatabaseFile { get; } = databaseFile;

    /// <summary>The lock file: the database's name plus <c>.silo-lock</c>.</summary>
    public string LockFile { get; } = databaseFile + ".silo-lock";

    /// <summary>The lock for the database's file, or null when the database is not a SQLite file.</summary>
    public static SqliteSiloLock? For(FarmDatabase database)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        return string.IsNullOrEmpty(file) || file == ":memory:" ? null : new SqliteSiloLock(Path.GetFullPath(file));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // FileShare.None is an exclusive flock on Unix: released by the kernel however the holder ends, even on SIGKILL.
            _held = new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new FarmDatabaseException(
                $"the database {DatabaseFile} is in use by another silo (an in-process `dwpfarm demo` or `bench farm`, or `dwpfarm silo`): " +
                "stop it, or give this one another data folder (--data, DWPFARM_DATA or Farm:DataRoot)", ex);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }
}
