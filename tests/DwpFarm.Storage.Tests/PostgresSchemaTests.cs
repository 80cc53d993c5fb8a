using DwpFarm.Storage.Queue;
using DwpFarm.Storage.Schema;
using Npgsql;

namespace DwpFarm.Storage.Tests;

/// <summary>The PostgreSQL schema and its failure paths, on a real server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresServerFixture postgres)
{
    /// <summary>Every key the Microsoft.Orleans.*.AdoNet 10.4 providers read from OrleansQuery.</summary>
    public static readonly string[] OrleansQueryKeys =
    [
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Init_applies_every_script_once_then_nothing()
    {
        var db = postgres.NewDatabase(initialise: false);
        var migrator = new SchemaMigrator(db.Database);

        var first = await migrator.InitAsync();
        var second = await migrator.InitAsync();

        Assert.Equal(SchemaScripts.For(DatabaseProvider.Postgres).Select(s => s.Name), first);
        Assert.Equal(7, SchemaScripts.LatestVersion(DatabaseProvider.Postgres));
        Assert.Empty(second);
        await migrator.VerifyAsync();
    }

    [Fact]
    public async Task Racing_inits_apply_each_script_once()
    {
        var db = postgres.NewDatabase(initialise: false);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => new SchemaMigrator(db.Database).InitAsync())));

        Assert.Equal(SchemaScripts.For(DatabaseProvider.Postgres).Select(s => s.Name), runs.SelectMany(r => r));
        Assert.Equal((long)SchemaScripts.LatestVersion(DatabaseProvider.Postgres), await db.ScalarAsync($"SELECT COUNT(*) FROM {SchemaMigrator.VersionTable};"));
    }

    [Fact]
    public async Task The_schema_holds_every_query_the_orleans_providers_need()
    {
        var db = postgres.NewDatabase();

        var keys = new List<string>();
        await using (var connection = await db.Database.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            // The providers' own statement, column names as they ask for them.
            command.CommandText = "SELECT QueryKey, QueryText FROM OrleansQuery";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(reader.GetOrdinal("QueryKey")));
                Assert.False(string.IsNullOrWhiteSpace(reader.GetString(reader.GetOrdinal("QueryText"))));
            }
        }

        Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Verify_on_an_empty_database_names_db_init()
    {
        var db = postgres.NewDatabase(initialise: false);

        var ex = await Assert.ThrowsAsync<FarmDatabaseException>(() => new SchemaMigrator(db.Database).VerifyAsync());

        Assert.Contains("no DwpFarm schema", ex.Message, StringComparison.Ordinal);
        Assert.Contains("run `dwpfarm db init`", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"PostgreSQL 127.0.0.1:{postgres.Server.Port}/", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_on_an_older_schema_names_both_versions_and_db_init()
    {
        var db = postgres.NewDatabase();
        await db.ScalarAsync($"DELETE FROM {SchemaMigrator.VersionTable} WHERE Version > 3;");

        var ex = await Assert.ThrowsAsync<FarmDatabaseException>(() => new SchemaMigrator(db.Database).VerifyAsync());

        Assert.Contains($"schema version 3, this build needs {SchemaScripts.LatestVersion(DatabaseProvider.Postgres)}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("run `dwpfarm db init`", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_script_is_rolled_back_and_named()
    {
        var db = postgres.NewDatabase(initialise: false);
        await db.ScalarAsync("CREATE TABLE OrleansStorage (Unrelated integer);");

        var ex = await Assert.ThrowsAsync<FarmDatabaseException>(() => new SchemaMigrator(db.Database).InitAsync());

        Assert.StartsWith("schema script 0001-orleans-persistence.sql failed on PostgreSQL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("42703", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await db.ScalarAsync("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'orleansquery';"));
        Assert.Equal(0L, await db.ScalarAsync($"SELECT COUNT(*) FROM {SchemaMigrator.VersionTable};"));
    }

    [Fact]
    public async Task A_wrong_password_fails_in_one_line_without_the_password()
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Password = "hunter2-wrong" };
        var database = new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = builder.ConnectionString });

        var ex = await Assert.ThrowsAsync<FarmDatabaseException>(() => new SchemaMigrator(database).InitAsync());

        Assert.StartsWith($"cannot open the database (PostgreSQL 127.0.0.1:{postgres.Server.Port}/postgres): 28P01", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task An_unreachable_server_fails_in_one_line_without_the_password()
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Port = ClosedPort(), Password = "hunter2" };
        var database = new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = builder.ConnectionString });

        var ex = await Assert.ThrowsAsync<FarmDatabaseException>(() => new SchemaMigrator(database).VerifyAsync());

        Assert.Equal($"cannot open the database (PostgreSQL 127.0.0.1:{builder.Port}/postgres): ConnectionRefused", ex.Message);
    }

    [Fact]
    public async Task A_missing_database_fails_in_one_line()
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Database = "no_such_db" };
        var database = new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = builder.ConnectionString });

        var ex = await Assert.ThrowsAsync<FarmDatabaseException>(() => new SchemaMigrator(database).InitAsync());

        Assert.Contains("3D000", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(postgres.Server.Password, ex.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A server restart keeps committed data, and the farm reconnects without help.</summary>
public sealed class PostgresRestartTests
{
    [Fact]
    public async Task The_queue_survives_a_server_restart_and_a_stopped_server_is_reported_cleanly()
    {
        using var server = await PostgresServer.StartNewAsync();
        var database = new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("restart") });
        await new SchemaMigrator(database).InitAsync();
        var queue = new WorkQueue(database, TimeProvider.System);
        await queue.EnqueueAsync([new WorkItem("u1", "source", "sweep-1", 0)]);

        await server.StopAsync();
        var down = await Assert.ThrowsAsync<FarmDatabaseException>(() => queue.StatsAsync());
        Assert.EndsWith("ConnectionRefused", down.Message, StringComparison.Ordinal);

        await server.StartAsync();
        Assert.Equal("u1", (await queue.TryClaimAsync("silo-a", TimeSpan.FromSeconds(30)))?.UnitId);
    }
}
