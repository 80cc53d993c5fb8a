using DwpFarm.Storage;
using DwpFarm.Storage.Schema;
using Npgsql;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>A silo pointed at an unusable PostgreSQL database refuses to start with one line that says what to do.</summary>
public sealed class SiloDatabaseErrorTests() : PostgresProcessTest("silo-db")
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_database_without_the_schema_names_db_init()
    {
        var (code, error) = await RunSiloAsync(await Server.CreateDatabaseAsync());

        Assert.Equal(1, code);
        Assert.Contains("dwpfarm db init", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_from_an_older_version_names_db_init()
    {
        var connectionString = await SchemaThenAsync("DELETE FROM DwpFarmSchema WHERE Version = (SELECT MAX(Version) FROM DwpFarmSchema);");

        var (code, error) = await RunSiloAsync(connectionString);

        Assert.Equal(1, code);
        Assert.Contains("schema version", error, StringComparison.Ordinal);
        Assert.Contains("dwpfarm db init", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_told_to_wait_starts_once_db_init_has_made_the_schema()
    {
        var connectionString = await Server.CreateDatabaseAsync();
        await using var silo = PostgresSilo(connectionString, schemaWaitSeconds: 120);

        var starting = silo.StartAsync(TimeSpan.FromSeconds(180));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!silo.Output.Contains("Waiting for the farm schema", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !silo.HasExited, $"the silo did not say it waits:\n{silo.Output}");
            await Task.Delay(200);
        }

        await Migrator(connectionString).InitAsync();

        await starting;
        Assert.Contains("has no DwpFarm schema", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_that_waited_in_vain_says_how_long()
    {
        var (code, error) = await RunSiloAsync(await Server.CreateDatabaseAsync(), schemaWaitSeconds: 2);

        Assert.Equal(1, code);
        Assert.Contains("has no DwpFarm schema", error, StringComparison.Ordinal);
        Assert.Contains("(still so after waiting 2 s, Farm:SchemaWaitSeconds)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_newer_than_the_build_is_not_waited_for()
    {
        var connectionString = await SchemaThenAsync("INSERT INTO DwpFarmSchema (Version, Script, AppliedAt) SELECT MAX(Version) + 1, 'from-the-future', 'now' FROM DwpFarmSchema;");

        // A wait longer than the exit limit: the silo must give up at once, since no db init can fix this.
        var (code, error) = await RunSiloAsync(connectionString, schemaWaitSeconds: 600);

        Assert.Equal(1, code);
        Assert.Contains("newer than this build", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_one_line_without_the_secret()
    {
        var wrong = new NpgsqlConnectionStringBuilder(await Server.CreateDatabaseAsync()) { Password = "not-the-password-123" }.ConnectionString;

        var (code, error) = await RunSiloAsync(wrong);

        Assert.Equal(1, code);
        Assert.DoesNotContain("not-the-password-123", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Password, error, StringComparison.Ordinal);
    }

    /// <summary>Runs a silo to its exit; returns the exit code and its single error line.</summary>
    private async Task<(int Code, string Error)> RunSiloAsync(string connectionString, int schemaWaitSeconds = 0)
    {
        await using var silo = PostgresSilo(connectionString, schemaWaitSeconds);
        var code = await silo.RunToExitAsync(ExitTimeout);
        var errors = silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("dwpfarm-silo: error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, $"expected one error line:\n{silo.Output}");
        return (code, errors[0]);
    }

    private static SchemaMigrator Migrator(string connectionString) =>
        new(new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }));

    /// <summary>A new database with the current schema, then <paramref name="sql"/> run on its version table.</summary>
    private async Task<string> SchemaThenAsync(string sql)
    {
        var connectionString = await Server.CreateDatabaseAsync();
        await Migrator(connectionString).InitAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
        return connectionString;
    }

    private SiloProcess PostgresSilo(string connectionString, int schemaWaitSeconds) =>
        new(Root, new Dictionary<string, string>
        {
            ["Farm:Clustering"] = "Postgres",
            ["Database:Provider"] = "Postgres",
            ["Farm:SchemaWaitSeconds"] = schemaWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            Environment = new Dictionary<string, string> { ["Database__ConnectionString"] = connectionString },
        };
}
