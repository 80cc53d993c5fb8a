using Npgsql;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// <c>dwpfarm db init --postgres</c> as an operator runs it against a real server, and a
/// PostgreSQL silo refusing to start on a database without the schema. No output ever
/// carries the connection string's password.
/// </summary>
public sealed class DbInitPostgresTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private const string Variable = "Database__ConnectionString";
    private readonly PostgresServer _server = postgres.Server;

    [Fact]
    public async Task Db_init_applies_the_schema_once_then_says_it_is_current()
    {
        var connection = await _server.CreateDatabaseAsync("cli_init");

        var first = await CliProcess.RunAsync(null, "db", "init", "--postgres", connection);
        var second = await CliProcess.RunAsync(null, "db", "init", "--postgres", connection);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(
            $"PostgreSQL 127.0.0.1:{_server.Port}/cli_init: applied 0001-orleans-persistence.sql, 0002-orleans-clustering.sql, 0003-orleans-reminders.sql, 0004-artifacts.sql, 0005-work-queue.sql, 0006-unit-log.sql, 0007-work-queue-slots.sql",
            first.Stdout.Trim());
        Assert.Equal(0, second.ExitCode);
        Assert.Equal($"PostgreSQL 127.0.0.1:{_server.Port}/cli_init: schema is current, nothing to apply", second.Stdout.Trim());
        Assert.DoesNotContain(_server.Password, first.Stdout + first.Stderr + second.Stdout + second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_postgres_option_reads_the_silos_connection_string_variable()
    {
        var connection = await _server.CreateDatabaseAsync("cli_env");

        var run = await CliProcess.RunAsync(new Dictionary<string, string> { [Variable] = connection }, "db", "init", "--postgres");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith($"PostgreSQL 127.0.0.1:{_server.Port}/cli_env: applied 0001-orleans-persistence.sql", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_postgres_option_without_the_variable_names_both_ways()
    {
        var run = await CliProcess.RunAsync(new Dictionary<string, string> { [Variable] = string.Empty }, "db", "init", "--postgres");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"dwpfarm: error: --postgres needs a connection string: give it as the option's value or set {Variable}", run.Stderr.Trim());
    }

    [Fact]
    public async Task Sqlite_and_postgres_together_are_a_usage_error()
    {
        var run = await CliProcess.RunAsync(null, "db", "init", "--sqlite", "/tmp/x.db", "--postgres", _server.ConnectionString);

        Assert.Equal(64, run.ExitCode);
        Assert.Contains("--sqlite and --postgres exclude each other", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_fails_with_one_line_and_no_password()
    {
        var wrong = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Password = "hunter2-not-it" }.ConnectionString;

        var run = await CliProcess.RunAsync(null, "db", "init", "--postgres", wrong);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"dwpfarm: error: cannot open the database (PostgreSQL 127.0.0.1:{_server.Port}/postgres): 28P01", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_one_line_and_exit_code_2()
    {
        var builder = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Port = 1, Password = "hunter2" };

        var run = await CliProcess.RunAsync(null, "db", "init", "--postgres", builder.ConnectionString);

        // 2 as for an unreachable gateway: the server never answered, nothing about the input is wrong.
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("dwpfarm: error: cannot open the database (PostgreSQL 127.0.0.1:1/postgres): ConnectionRefused", run.Stderr.Trim());
    }

    [Fact]
    public async Task A_postgres_silo_joins_after_db_init_and_never_logs_the_connection_string()
    {
        var connection = await _server.CreateDatabaseAsync("silo_ready");
        Assert.Equal(0, (await CliProcess.RunAsync(null, "db", "init", "--postgres", connection)).ExitCode);
        var data = Directory.CreateTempSubdirectory("dwpfarm-pgsilo-").FullName;
        try
        {
            await using (var silo = new SiloProcess(data, new Dictionary<string, string>
            {
                ["Farm:Clustering"] = "Postgres",
                ["Database:Provider"] = "Postgres",

                // Orleans logs at Information what the silo's defaults hide: its options and providers.
                ["Logging:LogLevel:Orleans"] = "Information",
            })
            {
                Environment = new Dictionary<string, string> { [Variable] = connection },
            })
            {
                await silo.StartAsync(TimeSpan.FromMinutes(1));

                await using var db = new NpgsqlConnection(connection);
                await db.OpenAsync();
                await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM OrleansMembershipTable WHERE Status = 3 AND Port = {silo.SiloPort};", db);
                Assert.Equal(1L, await command.ExecuteScalarAsync());
                Assert.DoesNotContain(_server.Password, silo.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("Username=", silo.Output, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_postgres_silo_without_the_schema_exits_naming_db_init()
    {
        var connection = await _server.CreateDatabaseAsync("silo_empty");
        var data = Directory.CreateTempSubdirectory("dwpfarm-pgsilo-").FullName;
        try
        {
            var run = await ExternalTool.RunAsync(
                SiloProcess.Binary,
                ["--Farm:Clustering=Postgres", "--Database:Provider=Postgres", "--Urls=http://127.0.0.1:0"],
                TimeSpan.FromMinutes(1),
                environment: new Dictionary<string, string> { [Variable] = connection, ["DWPFARM_DATA"] = data });

            Assert.Equal(1, run.ExitCode);
            Assert.Contains(
                $"dwpfarm-silo: error: the database (PostgreSQL 127.0.0.1:{_server.Port}/silo_empty) has no DwpFarm schema: run `dwpfarm db init`",
                run.Stderr,
                StringComparison.Ordinal);
            Assert.DoesNotContain(_server.Password, run.Stdout + run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
