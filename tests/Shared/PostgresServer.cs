using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;
using Xunit.Sdk;

namespace DwpFarm.Tests;

/// <summary>
/// A real, private PostgreSQL server for one test run: a fresh cluster from <c>initdb</c> in a
/// temporary folder, listening on a free loopback port and a socket in that folder. It never
/// touches a system cluster. As root it runs the server as the unprivileged <c>postgres</c>
/// user (PostgreSQL refuses to run as root). A missing installation fails with the package
/// to install; nothing is skipped.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    /// <summary>The superuser; host connections need <see cref="Password"/>, so a wrong one is rejected.</summary>
    public const string User = "postgres";

    private const string Package = "postgresql";
    private const string FolderPrefix = "dwpfarm-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private readonly string _bin;
    private readonly string? _runAs;
    private bool _running;

    private PostgresServer(string bin, string? runAs, string folder, int port)
    {
        _bin = bin;
        _runAs = runAs;
        Folder = folder;
        Port = port;
    }

    /// <summary>The folder of the server's programs, with its client programs (psql, pg_dump, pg_restore).</summary>
    public string BinDirectory => _bin;

    /// <summary>Holds the data folder, the socket and the server log; deleted on dispose.</summary>
    public string Folder { get; }

    public string DataDirectory => Path.Combine(Folder, "data");

    public string LogFile => Path.Combine(Folder, "server.log");

    public int Port { get; }

    public string Password { get; } = $"pw-{Guid.NewGuid():N}";

    /// <summary>The built-in <c>postgres</c> database, for administration.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Creates the cluster and starts the server; fails clearly when PostgreSQL is missing.</summary>
    public static async Task<PostgresServer> StartNewAsync()
    {
        var bin = FindBin();
        // Environment.UserName is the effective user's name.
        var runAs = Environment.UserName == "root" ? User : null;
        await StopOrphansAsync(bin, runAs);
        var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var server = new PostgresServer(bin, runAs, folder, FreePort());
        try
        {
            await server.InitDbAsync();
            await server.StartAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = User,
        Password = Password,
        Pooling = true,
        Timeout = 10,
    }.ConnectionString;

    /// <summary>Creates an empty database (a name of lower-case letters, digits and _) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
        {
            throw new ArgumentException($"'{name}' is not a plain database name", nameof(name));
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name};";
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>A database with a unique name, for one test class or one test.</summary>
    public Task<string> CreateDatabaseAsync() => CreateDatabaseAsync($"t_{Guid.NewGuid():N}");

    /// <summary>Starts the server on the same port and data folder; waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var options = $"-p {Port} -k {Folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        await RunAsync("pg_ctl", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options, "start");
        _running = true;
    }

    /// <summary>Stops the server at once (<c>-m fast</c>): sessions are cut, committed data stays.</summary>
    public async Task StopAsync()
    {
        await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
        _running = false;
        NpgsqlConnection.ClearAllPools();
    }

    public void Dispose()
    {
        try
        {
            if (_running)
            {
                StopAsync().GetAwaiter().GetResult();
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static string FindBin()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new XunitException(
            $"PostgreSQL is not installed (no initdb/pg_ctl under {root}/*/bin): install the Debian package '{Package}' (make test installs it: scripts/setup.sh test)");
    }

    /// <summary>
    /// Stops and deletes servers whose test process died without disposing them (a crashed
    /// test host): their folder names a process id that no longer runs.
    /// </summary>
    private static async Task StopOrphansAsync(string bin, string? runAs)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(await File.ReadAllTextAsync(owner), out var pid) || IsRunning(pid))
            {
                continue;
            }

            var orphan = new PostgresServer(bin, runAs, folder, 0) { _running = File.Exists(Path.Combine(folder, "data", "postmaster.pid")) };
            try
            {
                orphan.Dispose();
            }
            catch (Exception ex) when (ex is XunitException or IOException or UnauthorizedAccessException)
            {
                // Best effort: another run may be cleaning the same orphan.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task InitDbAsync()
    {
        var passwordFile = Path.Combine(Folder, "password");
        await File.WriteAllTextAsync(passwordFile, Password);
        if (_runAs is not null)
        {
            // The server's files must belong to the user it runs as.
            await RunRawAsync("chown", ["-R", $"{_runAs}:", Folder]);
        }

        // Password (SCRAM) over TCP so that a wrong password fails; trust on the private socket.
        await RunAsync("initdb", "-D", DataDirectory, "-U", User, "--pwfile", passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        File.Delete(passwordFile);
    }

    private Task RunAsync(string tool, params string[] arguments)
    {
        var program = Path.Combine(_bin, tool);
        return _runAs is null ? RunRawAsync(program, arguments) : RunRawAsync("runuser", ["-u", _runAs, "--", program, .. arguments]);
    }

    private async Task RunRawAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new XunitException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish within {CommandTimeout}");
        }

        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : string.Empty;
            throw new XunitException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}{await stderr}\n{log}");
        }
    }
}

/// <summary>One <see cref="PostgresServer"/> shared by a test class or collection; tests take databases of their own.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartNewAsync();

    public Task DisposeAsync()
    {
        Server.Dispose();
        return Task.CompletedTask;
    }
}
