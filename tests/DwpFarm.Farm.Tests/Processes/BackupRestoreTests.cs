using Npgsql;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// The in-cluster database's backup and restore (docs/deploy.md, "Backup and restore"): the scripts that the CronJob and
/// the restore pod run, deploy/k8s/base/postgres-backup.sh and postgres-restore.sh as they are, against a real
/// PostgreSQL server and silo processes.
/// </summary>
public sealed class BackupRestoreTests() : PostgresProcessTest("backup")
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_dump_taken_while_the_silo_runs_restores_every_sweep_after_the_database_is_dropped()
    {
        var data = Path.Combine(Root, "data");
        var backups = Directory.CreateDirectory(Path.Combine(Root, "backups")).FullName;
        string connection;
        string list;
        List<string> statuses;
        string dump;
        string[] ids;
        await using (var cluster = await PostgresCluster.StartAsync(Server, data, [2]))
        {
            connection = cluster.ConnectionString;

            // The schema was applied from this process: only the silo is connected from here on.
            NpgsqlConnection.ClearAllPools();
            ids = [await SubmitAsync(cluster.Gateways, "first"), await SubmitAsync(cluster.Gateways, "second")];
            list = await CliAsync("sweep", "list", "--json", "--gateway", cluster.Gateways);
            statuses = [.. await Task.WhenAll(ids.Select(id => CliAsync("sweep", "status", id, "--json", "--gateway", cluster.Gateways)))];

            // As the CronJob does, while the silo runs.
            var backup = await ScriptAsync("postgres-backup.sh", connection, backups);
            Assert.True(backup.ExitCode == 0, $"postgres-backup.sh exited {backup.ExitCode}: {backup.Stderr}");
            dump = Assert.Single(Directory.GetFiles(backups));
            Assert.Matches(@"/dwpfarm-\d{8}T\d{6}Z\.dump$", dump);
            Assert.Equal($"backup: {dump}, {new FileInfo(dump).Length} bytes", backup.Stdout.Trim());

            // Not under a running silo.
            var refused = await ScriptAsync("postgres-restore.sh", connection, null, dump);
            Assert.Equal(1, refused.ExitCode);
            Assert.Matches(
                $@"^restore: [1-9]\d* sessions are connected to {Database(connection)}; stop the silos first \(kubectl -n dwpfarm scale deployment/dwpfarm-silo --replicas=0\)$",
                refused.Stderr.Trim());
            Assert.Equal(list, await CliAsync("sweep", "list", "--json", "--gateway", cluster.Gateways));
        }

        await DropAsync(Database(connection));
        var restore = await ScriptAsync("postgres-restore.sh", connection, null, dump);
        Assert.True(restore.ExitCode == 0, $"postgres-restore.sh exited {restore.ExitCode}: {restore.Stderr}");
        Assert.Equal($"restore: {Database(connection)} restored from {dump}", restore.Stdout.Trim());

        await using var silo = new SiloProcess(data, PostgresCluster.Settings(2))
        {
            Environment = new Dictionary<string, string> { ["Database__ConnectionString"] = connection },
        };
        await silo.StartAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(list, await CliAsync("sweep", "list", "--json", "--gateway", silo.Gateway));
        using var sweeps = System.Text.Json.JsonDocument.Parse(list);
        Assert.Equal(ids.Order(), sweeps.RootElement.EnumerateArray().Select(s => s.GetProperty("sweepId").GetString()).Order());
        Assert.All(sweeps.RootElement.EnumerateArray(), s => Assert.Equal("completed", s.GetProperty("phase").GetString(), ignoreCase: true));
        var restored = await Task.WhenAll(ids.Select(id => CliAsync("sweep", "status", id, "--json", "--gateway", silo.Gateway)));
        Assert.Equal(statuses, restored);
    }

    [Fact]
    public async Task A_missing_or_damaged_dump_is_refused_before_anything_is_dropped()
    {
        var connection = await Server.CreateDatabaseAsync("kept");
        await ExecuteAsync(connection, "CREATE TABLE marker (id int); INSERT INTO marker VALUES (7);");
        var damaged = Path.Combine(Root, "damaged.dump");
        await File.WriteAllTextAsync(damaged, "PGDMP, or so it says");

        var missing = await ScriptAsync("postgres-restore.sh", connection, null, Path.Combine(Root, "none.dump"));
        var foreign = await ScriptAsync("postgres-restore.sh", connection, null, damaged);
        var usage = await ScriptAsync("postgres-restore.sh", connection, null);

        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"restore: no dump {Root}/none.dump", missing.Stderr.Trim());
        Assert.NotEqual(0, foreign.ExitCode);
        Assert.Contains("pg_restore: error:", foreign.Stderr, StringComparison.Ordinal);
        Assert.Equal(64, usage.ExitCode);
        Assert.Equal("usage: postgres-restore.sh DUMP", usage.Stderr.Trim());
        Assert.Equal(7, await ScalarAsync<int>(connection, "SELECT id FROM marker;"));
    }

    [Fact]
    public async Task A_backup_that_fails_leaves_no_file_behind()
    {
        var connection = new NpgsqlConnectionStringBuilder(await Server.CreateDatabaseAsync("wrong_password")) { Password = "not-the-password" }.ConnectionString;
        var backups = Directory.CreateDirectory(Path.Combine(Root, "failed")).FullName;

        var backup = await ScriptAsync("postgres-backup.sh", connection, backups);

        Assert.NotEqual(0, backup.ExitCode);
        Assert.Contains("password authentication failed", backup.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(backups));
    }

    private static string Database(string connection) => new NpgsqlConnectionStringBuilder(connection).Database!;

    private static async Task<string> SubmitAsync(string gateway, string name)
    {
        var spec = Path.Combine(Path.GetTempPath(), $"dwpfarm-backup-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(spec, $$"""
            name: {{name}}
            stopAfter: sources
            source: { imagesPerClass: 20, testImages: 20, count: 2, widths: [8, 16], epochs: 1, batch: 64 }
            """);
        try
        {
            var submit = await CliProcess.RunAsync(null, "sweep", "submit", spec, "--watch", "--gateway", gateway);
            Assert.True(submit.ExitCode == 0, $"sweep submit exited {submit.ExitCode}: {submit.Stdout}{submit.Stderr}");
            return submit.Stdout.Split('\n')[0].Trim();
        }
        finally
        {
            File.Delete(spec);
        }
    }

    private static async Task<string> CliAsync(params string[] args)
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(null, args);
        Assert.True(code == 0, $"dwpfarm {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Drops the database; every pool of this process lets go of it first.</summary>
    private async Task DropAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(Server.ConnectionString, $"DROP DATABASE {database};");
        Assert.Equal(0L, await ScalarAsync<long>(Server.ConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{database}';"));
    }

    /// <summary>Runs a script of deploy/k8s/base as its pod does: libpq's variables for the connection, this server's client programs.</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> ScriptAsync(string script, string connection, string? backupDir, params string[] arguments)
    {
        var builder = new NpgsqlConnectionStringBuilder(connection);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{Server.BinDirectory}:{Environment.GetEnvironmentVariable("PATH")}",
            ["PGHOST"] = builder.Host!,
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username!,
            ["PGPASSWORD"] = builder.Password!,
            ["PGDATABASE"] = builder.Database!,
        };
        if (backupDir is not null)
        {
            environment["BACKUP_DIR"] = backupDir;
        }

        return ExternalTool.RunAsync("sh", [Path.Combine(RepoRoot.Path, "deploy", "k8s", "base", script), .. arguments], ScriptTimeout, environment: environment);
    }
}
