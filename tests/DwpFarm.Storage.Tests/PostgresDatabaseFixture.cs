using DwpFarm.Storage.Schema;

namespace DwpFarm.Storage.Tests;

/// <summary>Databases on the shared server of <see cref="PostgresCollection"/>.</summary>
public static class PostgresServerFixtureExtensions
{
    /// <summary>A fresh database of its own, optionally with the farm schema applied.</summary>
    public static PostgresDatabase NewDatabase(this PostgresServerFixture fixture, bool initialise = true) => new(fixture.Server, initialise);
}

/// <summary>One real PostgreSQL server for every PostgreSQL test class in this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}

/// <summary>A database of its own on the shared server, so tests never see each other's rows.</summary>
public sealed class PostgresDatabase : ITestDatabase
{
    public PostgresDatabase(PostgresServer server, bool initialise = true)
    {
        ConnectionString = server.CreateDatabaseAsync().GetAwaiter().GetResult();
        Database = new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = ConnectionString });
        if (initialise)
        {
            new SchemaMigrator(Database).InitAsync().GetAwaiter().GetResult();
        }
    }

    public string ConnectionString { get; }

    public FarmDatabase Database { get; }

    // The server and its databases go when the collection ends.
    public void Dispose()
    {
    }
}
