using DwpFarm.Data;
using DwpFarm.Storage;
using DwpFarm.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DwpFarm.Hosting;

/// <summary>Resolves the farm database and makes sure its schema is there before the silo starts.</summary>
public static partial class FarmDatabaseStartup
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    /// <summary>The configured database, or the embedded SQLite file in the data root.</summary>
    public static DatabaseOptions Resolve(FarmOptions farm, DatabaseOptions configured)
    {
        if (!string.IsNullOrWhiteSpace(configured.ConnectionString))
        {
            return configured;
        }

        if (configured.Provider != DatabaseProvider.Sqlite)
        {
            throw new FarmDatabaseException($"no connection string for {configured.Provider}: set {DatabaseOptions.SectionName}__ConnectionString");
        }

        var root = DataRoot.Resolve(farm.DataRoot);
        Directory.CreateDirectory(root.Path);
        return DatabaseOptions.ForSqliteFile(Path.Combine(root.Path, DatabaseOptions.DefaultSqliteFile));
    }

    /// <summary>
    /// Initialises an embedded SQLite schema, or verifies that a shared one is current. A missing or old schema and an
    /// unreachable server are waited for up to <see cref="FarmOptions.SchemaWaitSeconds"/>, doubling the pause between
    /// checks; a schema newer than the build fails at once, since waiting cannot fix it.
    /// </summary>
    public static async Task EnsureSchemaAsync(FarmDatabase database, FarmOptions farm, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var migrator = new SchemaMigrator(database);
        if (database.Provider == DatabaseProvider.Sqlite && farm.InitializeSqlite)
        {
            await migrator.InitAsync(cancellationToken);
        }

        var limit = TimeSpan.FromSeconds(farm.SchemaWaitSeconds);
        var waited = TimeSpan.Zero;
        var pause = FirstWait;
        while (true)
        {
            try
            {
                await migrator.VerifyAsync(cancellationToken);
                return;
            }
            catch (FarmDatabaseException ex) when (ex.SchemaBehind || ex.Unreachable)
            {
                if (waited >= limit)
                {
                    if (waited == TimeSpan.Zero)
                    {
                        throw;
                    }

                    throw new FarmDatabaseException($"{ex.Message} (still so after waiting {waited.TotalSeconds:0} s, Farm:SchemaWaitSeconds)", ex) { SchemaBehind = ex.SchemaBehind };
                }

                var next = pause < limit - waited ? pause : limit - waited;
                WaitingForSchema(logger, ex.Message, next.TotalSeconds);
                await Task.Delay(next, cancellationToken);
                waited += next;
                pause = pause * 2 < LongestWait ? pause * 2 : LongestWait;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the farm schema: {Reason}; next check in {Seconds:0.#} s")]
    private static partial void WaitingForSchema(ILogger logger, string reason, double seconds);
}
