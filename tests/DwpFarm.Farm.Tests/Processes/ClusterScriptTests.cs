using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// scripts/cluster.sh (<c>make cluster-up</c>) with its folder in a private one, as <c>mktemp -d</c> makes (0700). As root,
/// PostgreSQL runs as the postgres user: the script lets that user's group through a folder of root's, or refuses
/// with one line when a folder above is closed. No silo is started (<c>up 0</c>): PostgreSQL, the role and the schema.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ClusterScriptTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly bool IsRoot = Environment.UserName == "root";

    /// <summary>Made with mode 0700, as mktemp -d does.</summary>
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-clustersh-").FullName;
    private readonly int _port = FreePort();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Cluster_up_in_a_private_folder_starts_postgres_and_lets_only_the_postgres_group_through()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_root));
        try
        {
            var (exit, stdout, stderr) = await ClusterAsync(_root, "up", "0");

            Assert.True(exit == 0, $"cluster.sh up exited {exit}:\n{stdout}{stderr}");
            Assert.Contains($"cluster: PostgreSQL on 127.0.0.1:{_port} ({_root}/pg)", stdout, StringComparison.Ordinal);
            if (IsRoot)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute, File.GetUnixFileMode(_root));
                Assert.Equal("postgres", (await ExternalTool.RunAsync("stat", ["-c", "%G", _root], Timeout)).Stdout.Trim());
            }

            // Room for every silo's pool: capped pools, and more connections than PostgreSQL's default 100.
            Assert.Contains("Maximum Pool Size=20", (await ClusterAsync(_root, "env")).Stdout, StringComparison.Ordinal);
            string[] show = ["psql", "-h", Path.Combine(_root, "pg"), "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-tAc", "SHOW max_connections"];
            var shown = IsRoot ? await ExternalTool.RunAsync("runuser", ["-u", "postgres", "--", .. show], Timeout) : await ExternalTool.RunAsync(show[0], show[1..], Timeout);
            Assert.Equal("300", shown.Stdout.Trim());

            // Again: nothing to change, the same server.
            var again = await ClusterAsync(_root, "up", "0");
            Assert.True(again.ExitCode == 0, again.Stderr);
            Assert.DoesNotContain("is now group postgres", again.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await ClusterAsync(_root, "down");
        }
    }

    [Fact]
    public async Task Cluster_up_below_a_folder_closed_to_postgres_refuses_with_one_line()
    {
        var folder = Path.Combine(_root, "cluster");
        try
        {
            var (exit, stdout, stderr) = await ClusterAsync(folder, "up", "0");

            if (IsRoot)
            {
                Assert.Equal(1, exit);
                Assert.Equal(
                    $"cluster: PostgreSQL runs as user postgres, which cannot reach {folder}/pg: a folder above it is closed to that user; set DWPFARM_CLUSTER_DIR to a folder it can reach, such as one under /tmp",
                    stderr.Trim());
                Assert.DoesNotContain("PostgreSQL on", stdout, StringComparison.Ordinal);
                Assert.False(Directory.Exists(Path.Combine(folder, "pg", "data")));
            }
            else
            {
                // PostgreSQL runs as the user who owns the folders: there is nothing to refuse.
                Assert.True(exit == 0, $"cluster.sh up exited {exit}:\n{stdout}{stderr}");
            }
        }
        finally
        {
            await ClusterAsync(folder, "down");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> ClusterAsync(string folder, params string[] arguments)
    {
        // The build this test runs in, for the script's silo binary and for ./dwpfarm db init.
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return ExternalTool.RunAsync(
            "bash",
            [Path.Combine(RepoRoot.Path, "scripts", "cluster.sh"), .. arguments],
            Timeout,
            workingDirectory: RepoRoot.Path,
            environment: new Dictionary<string, string>
            {
                ["DWPFARM_CLUSTER_DIR"] = folder,
                ["DWPFARM_PG_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["CONFIG"] = config,
                ["DWPFARM_CONFIG"] = config,
            });
    }
}
