using DwpFarm.Storage.Schema;

namespace DwpFarm.Storage.Tests;

/// <summary>A real SQLite file in a temporary folder, initialised with the project's schema.</summary>
public sealed class SqliteDatabaseFixture : ITestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dwpfarm-storage-").FullName;

    public SqliteDatabaseFixture(bool initialise = true)
    {
        Path = System.IO.Path.Combine(_folder, DatabaseOptions.DefaultSqliteFile);
        Database = new FarmDatabase(DatabaseOptions.ForSqliteFile(Path));
        if (initialise)
        {
            new SchemaMigrator(Database).InitAsync().GetAwaiter().GetResult();
        }
    }

    public string Path { get; }

    public FarmDatabase Database { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
