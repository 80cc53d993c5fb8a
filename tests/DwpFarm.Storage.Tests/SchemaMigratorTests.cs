using DwpFarm.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace DwpFarm.Storage.Tests;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task Init_applies_every_script_once_then_nothing()
    {
        using var db = new SqliteDatabaseFixture(initialise: false);
        var migrator = new SchemaMigrator(db.Database);

        var first = await migrator.InitAsync();
        var second = await migrator.InitAsync();

        Assert.Equal(SchemaScripts.For(DatabaseProvider.Sqlite).Select(s => s.Name), first);
        Assert.Empty(second);
        await migrator.VerifyAsync();
    }

    [Fact]
    public async Task Verify_on_an_empty_database_names_db_init()
    {
        using var db = new SqliteDatabaseFixture(initialise: false);

        var ex = await Assert.ThrowsAsync<FarmDatabaseException>(() => new SchemaMigrator(db.Database).VerifyAsync());

        Assert.Contains("no DwpFarm schema", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dwpfarm db init", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_on_an_older_schema_names_both_versions_and_db_init()
    {
        using var db = new SqliteDatabaseFixture();
        await using (var connection = new SqliteConnection(db.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM {SchemaMigrator.VersionTable} WHERE Version > 1;";
            await command.ExecuteNonQueryAsync();
        }

        var ex = await Assert.ThrowsAsync<FarmDatabaseException>(() => new SchemaMigrator(db.Database).VerifyAsync());

        Assert.Contains("schema version 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"needs {SchemaScripts.LatestVersion(DatabaseProvider.Sqlite)}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dwpfarm db init", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrading_moves_artifacts_written_before_chunking_into_chunks()
    {
        // A version-3 database, as the first release wrote it, holding one artifact.
        using var db = await AtVersionAsync(3, $"INSERT INTO DwpArtifacts (Sha256, Kind, Size, Content, CreatedAt) VALUES ('{Artifacts.ArtifactStore.HashOf([1, 2, 3])}', 'bank', 3, X'010203', 0);");

        var applied = await new SchemaMigrator(db.Database).InitAsync();

        Assert.Equal(["0004-artifact-chunks.sql", "0005-unit-log.sql", "0006-work-queue-slots.sql"], applied);
        Assert.Equal([1, 2, 3], await new Artifacts.ArtifactStore(db.Database, TimeProvider.System).GetAsync(Artifacts.ArtifactStore.HashOf([1, 2, 3])));
    }

    [Fact]
    public async Task Upgrading_keeps_a_queued_unit_claimable_on_one_slot()
    {
        // A version-5 database with a unit queued before units could hold several slots.
        using var db = await AtVersionAsync(5, "INSERT INTO DwpWorkQueue (UnitId, Kind, SweepId, State, EnqueuedAt) VALUES ('u1', 'source', 's', 'queued', 0);");

        Assert.Equal(["0006-work-queue-slots.sql"], await new SchemaMigrator(db.Database).InitAsync());
        var lease = await new Queue.WorkQueue(db.Database, TimeProvider.System).TryClaimAsync("silo-a", TimeSpan.FromSeconds(30), freeSlots: 1);
        Assert.Equal(("u1", 1), (lease?.UnitId, lease?.Slots));
    }

    [Fact]
    public void A_malformed_connection_string_is_rejected_without_echoing_it()
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=x;Password=hunter2;Bogus Key=1" };

        var ex = Assert.Throws<FarmDatabaseException>(() => new FarmDatabase(options));

        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("malformed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unopenable_database_gives_one_line_without_the_connection_string()
    {
        var options = DatabaseOptions.ForSqliteFile("/nonexistent-dir/for/sure/farm.db");

        var ex = await Assert.ThrowsAsync<FarmDatabaseException>(() => new SchemaMigrator(new FarmDatabase(options)).InitAsync());

        Assert.StartsWith("cannot open the database (SQLite /nonexistent-dir/for/sure/farm.db)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    /// <summary>A database as this build's scripts up to <paramref name="version"/> made it, holding what <paramref name="rows"/> adds.</summary>
    private static async Task<SqliteDatabaseFixture> AtVersionAsync(int version, string rows)
    {
        var db = new SqliteDatabaseFixture(initialise: false);
        await using var connection = new SqliteConnection(db.Database.ConnectionString);
        await connection.OpenAsync();
        foreach (var script in SchemaScripts.For(DatabaseProvider.Sqlite).Where(s => s.Version <= version))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = script.Sql;
            await command.ExecuteNonQueryAsync();
        }

        var versions = string.Join(", ", Enumerable.Range(1, version).Select(v => $"({v}, 'script {v}', 'x')"));
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"""
            CREATE TABLE {SchemaMigrator.VersionTable} (Version INTEGER NOT NULL PRIMARY KEY, Script TEXT NOT NULL, AppliedAt TEXT NOT NULL);
            INSERT INTO {SchemaMigrator.VersionTable} VALUES {versions};
            {rows}
            """;
        await insert.ExecuteNonQueryAsync();
        return db;
    }
}
