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
        var connectionString = await Server.CreateDatabaseAsync();
        await new SchemaMigrator(new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString })).InitAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var downgrade = new NpgsqlCommand("DELETE FROM DwpFarmSchema WHERE Version = (SELECT MAX(Version) FROM DwpFarmSchema);", connection);
            await downgrade.ExecuteNonQueryAsync();
        }

        var (code, error) = await RunSiloAsync(connectionString);

        Assert.Equal(1, code);
        Assert.Contains("schema version", error, StringComparison.Ordinal);
        Assert.Contains("dwpfarm db init", error, StringComparison.Ordinal);
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
    private async Task<(int Code, string Error)> RunSiloAsync(string connectionString)
    {
        await using var silo = new SiloProcess(Root, new Dictionary<string, string>
        {
            ["Farm:Clustering"] = "Postgres",
            ["Database:Provider"] = "Postgres",
        })
        {
            Environment = new Dictionary<string, string> { ["Database__ConnectionString"] = connectionString },
        };
        var code = await silo.RunToExitAsync(ExitTimeout);
        var errors = silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("dwpfarm-silo: error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, $"expected one error line:\n{silo.Output}");
        return (code, errors[0]);
    }
}
