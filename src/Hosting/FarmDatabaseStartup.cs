using DwpFarm.Data;
using DwpFarm.Storage;
using DwpFarm.Storage.Schema;

namespace DwpFarm.Hosting;

/// <summary>Resolves the farm database and makes sure its schema is there before the silo starts.</summary>
public static class FarmDatabaseStartup
{
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

    /// <summary>Initialises an embedded SQLite schema, or verifies that a shared one is current.</summary>
    public static async Task EnsureSchemaAsync(FarmDatabase database, FarmOptions farm, CancellationToken cancellationToken = default)
    {
        var migrator = new SchemaMigrator(database);
        if (database.Provider == DatabaseProvider.Sqlite && farm.InitializeSqlite)
        {
            await migrator.InitAsync(cancellationToken);
        }

        await migrator.VerifyAsync(cancellationToken);
    }
}
