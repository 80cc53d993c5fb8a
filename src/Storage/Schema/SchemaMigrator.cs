using System.Data.Common;

namespace DwpFarm.Storage.Schema;

/// <summary>
/// Applies the schema scripts idempotently (<c>dwpfarm db init</c>) and checks, at silo
/// start, that the database is initialised and current.
/// </summary>
public sealed class SchemaMigrator(FarmDatabase database)
{
    internal const string VersionTable = "DwpFarmSchema";
    private const string InitHint = "run `dwpfarm db init`";

    /// <summary>The advisory lock that serialises schema changes on a PostgreSQL server ("DWPF").</summary>
    private const long PostgresLockKey = 0x44575046;

    /// <summary>Applies every script newer than the database's version; returns the names applied.</summary>
    public async Task<IReadOnlyList<string>> InitAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers run beside the single writer; the setting lives in the file.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
            return await ApplyAsync(connection, cancellationToken);
        }

        // Two `db init` runs at once (a Job retried beside a manual run) take turns.
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey});", cancellationToken);
        try
        {
            return await ApplyAsync(connection, cancellationToken);
        }
        finally
        {
            try
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey});", CancellationToken.None);
            }
            catch (DbException)
            {
                // A broken session loses its locks anyway; keep the original failure.
            }
        }
    }

    private async Task<IReadOnlyList<string>> ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            connection,
            null,
            $"CREATE TABLE IF NOT EXISTS {VersionTable} (Version INTEGER NOT NULL PRIMARY KEY, Script TEXT NOT NULL, AppliedAt TEXT NOT NULL);",
            cancellationToken);
        var current = await CurrentVersionAsync(connection, cancellationToken) ?? 0;
        var applied = new List<string>();
        foreach (var script in SchemaScripts.For(database.Provider).Where(s => s.Version > current))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            }
            catch (DbException ex)
            {
                throw new FarmDatabaseException($"schema script {script.Name} failed on {database.Describe()}: {FarmDatabase.SafeReason(ex)}", ex);
            }

            await using (var record = connection.Command($"INSERT INTO {VersionTable} (Version, Script, AppliedAt) VALUES (@v, @s, @t);", transaction))
            {
                await record
                    .WithParameter("@v", script.Version)
                    .WithParameter("@s", script.Name)
                    .WithParameter("@t", DateTimeOffset.UtcNow.ToString("O"))
                    .ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            applied.Add(script.Name);
        }

        return applied;
    }

    /// <summary>Throws a <see cref="FarmDatabaseException"/> naming the fix when the schema is missing or old.</summary>
    public async Task VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var current = await CurrentVersionAsync(connection, cancellationToken);
        var latest = SchemaScripts.LatestVersion(database.Provider);
        if (current is null)
        {
            throw new FarmDatabaseException($"the database ({database.Describe()}) has no DwpFarm schema: {InitHint}") { SchemaBehind = true };
        }

        if (current < latest)
        {
            throw new FarmDatabaseException($"the database ({database.Describe()}) has schema version {current}, this build needs {latest}: {InitHint}") { SchemaBehind = true };
        }

        if (current > latest)
        {
            throw new FarmDatabaseException($"the database ({database.Describe()}) has schema version {current}, newer than this build's {latest}: upgrade dwpfarm");
        }
    }

    private async Task<int?> CurrentVersionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var exists = database.Provider == DatabaseProvider.Sqlite
            ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{VersionTable}';"
            : $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND lower(table_name) = lower('{VersionTable}');";
        await using var command = connection.CreateCommand();
        command.CommandText = exists;
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        command.CommandText = $"SELECT MAX(Version) FROM {VersionTable};";
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
