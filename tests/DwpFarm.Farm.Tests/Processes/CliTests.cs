using System.Reflection;
using DwpFarm.Pipeline.Specs;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>The CLI's error contract: one clear line per problem, the documented exit codes, nothing written.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-cli-").FullName;

    [Fact]
    public async Task A_bad_spec_is_rejected_before_the_cluster_is_contacted()
    {
        var spec = Path.Combine(_root, "bad.yaml");
        await File.WriteAllTextAsync(spec, "source:\n  count: -1\n  colour: red\nevaluation:\n  trainSizes: [100, 0]\n");

        // Port 1 refuses connections: exit 2 would mean the CLI tried it.
        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "sweep", "submit", spec, "--gateway", "127.0.0.1:1");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("3 problem(s)", stderr, StringComparison.Ordinal);
        Assert.Contains("source.colour: unknown field", stderr, StringComparison.Ordinal);
        Assert.Contains("source.count: must be between 1 and 10000", stderr, StringComparison.Ordinal);
        Assert.Contains("evaluation.trainSizes[1]: must be > 0", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_cluster_gives_one_line_and_exit_code_2()
    {
        var (code, _, stderr) = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["DWPFARM_GATEWAY"] = "127.0.0.1:1" },
            "cluster", "status");

        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("cannot reach the cluster gateway at 127.0.0.1:1 (127.0.0.1:1: connection refused)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_that_accepts_but_never_answers_is_slow_with_exit_code_3()
    {
        // Busy silos accept the TCP connection and answer late: that is not "unreachable", and the limit is the user's.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<System.Net.Sockets.TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                held.Add(await listener.AcceptTcpClientAsync(stop.Token));
            }
        });
        var gateway = $"127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "cluster", "status", "--gateway", gateway, "--connect-timeout", "2");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
        held.ForEach(c => c.Dispose());

        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains($"the cluster gateway at {gateway} accepted the connection but did not answer within 2 s", stderr, StringComparison.Ordinal);
        Assert.Contains("--connect-timeout / DWPFARM_CONNECT_TIMEOUT", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--connect-timeout", "0", null)]
    [InlineData("--connect-timeout", "soon", null)]
    [InlineData(null, null, "-5")]
    public async Task A_bad_connect_timeout_is_a_usage_error(string? option, string? value, string? fromEnvironment)
    {
        string[] args = option is null ? ["sweep", "list", "--gateway", "127.0.0.1:1"] : ["sweep", "list", "--gateway", "127.0.0.1:1", option, value!];
        var environment = fromEnvironment is null ? null : new Dictionary<string, string> { ["DWPFARM_CONNECT_TIMEOUT"] = fromEnvironment };

        var (code, _, stderr) = await CliProcess.RunAsync(environment, args);

        Assert.Equal(64, code);
        Assert.Contains($"--connect-timeout / DWPFARM_CONNECT_TIMEOUT must be a number of seconds in (0, 3600], got '{value ?? fromEnvironment}'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_spec_file_is_named()
    {
        var (code, _, stderr) = await CliProcess.RunAsync(null, "sweep", "submit", Path.Combine(_root, "nope.yaml"));

        Assert.Equal(1, code);
        Assert.Contains("nope.yaml: file not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var (code, _, stderr) = await CliProcess.RunAsync(null, "sweep", "list", "--colour");

        Assert.Equal(64, code);
        Assert.Contains("colour", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--priors", "dwp,laplace", "--priors (evaluation.priors[1]): unknown prior 'laplace' (expected one of {priors})")]
    [InlineData("--sizes", "50,0", "--sizes (evaluation.trainSizes[1]): must be > 0")]
    [InlineData("--sizes", "50,x", "--sizes must be whole numbers separated by commas, got '50,x'")]
    [InlineData("--init", "default", "--init (evaluation.meanInit): unknown initialisation 'default' (expected one of {meanInits})")]
    [InlineData("--source-widths", "32by64", "--source-widths must be two positive numbers like 32x64, got '32by64'")]
    [InlineData("--source-epochs", "0", "--source-epochs (source.epochs): must be between 1 and 10000")]
    [InlineData("--prune", "1.5", "--prune (bank.pruneThreshold): must be >= 0 (and < 1 for the relative rule)")]
    [InlineData("--keep-top", "1.5", "--keep-top (bank.pruneThreshold): must be a fraction in (0, 1] for the top rule")]
    [InlineData("--keep-top", "0.1 --prune 0.2", "--prune and --keep-top are two pruning rules: give one")]
    [InlineData("--spec", "x.yaml --seed 3", "--spec runs the file as it is; --seed would change it (edit the file instead)")]
    public async Task Lab_fewshot_rejects_a_bad_grid_before_loading_any_data(string option, string value, string expected)
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(null, ["lab", "fewshot", option, .. value.Split(' '), "--data", Path.Combine(_root, "no-data")]);

        Assert.Equal(64, code);
        Assert.Empty(stdout);
        // The lists of names are the enums', whatever values they have.
        expected = expected.Replace("{priors}", string.Join(", ", SpecNames.Priors), StringComparison.Ordinal)
            .Replace("{meanInits}", string.Join(", ", SpecNames.MeanInits), StringComparison.Ordinal);
        Assert.Equal($"dwpfarm: {expected}", stderr.Trim());
        Assert.False(Directory.Exists(Path.Combine(_root, "no-data")));
    }

    [Fact]
    public async Task Db_init_is_idempotent()
    {
        var file = Path.Combine(_root, "farm.db");

        var first = await CliProcess.RunAsync(null, "db", "init", "--sqlite", file);
        var second = await CliProcess.RunAsync(null, "db", "init", "--sqlite", file);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("applied 0001-orleans-persistence.sql", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("schema is current", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_out_refuses_a_folder_of_user_files_before_contacting_the_cluster()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "mine", "sub")).Parent!.FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "important.txt"), "keep me");
        await File.WriteAllTextAsync(Path.Combine(folder, "sub", "notes.txt"), "keep me too");

        // Port 1 refuses connections: exit 2 would mean the CLI tried it before checking the folder.
        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "report", "some-sweep-1", "--out", folder, "--gateway", "127.0.0.1:1");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal($"dwpfarm: error: {folder} is not empty and holds no earlier report (no .dwpfarm-report file); refusing to write over it: choose a new or empty folder", stderr.Trim());
        Assert.Equal("keep me", await File.ReadAllTextAsync(Path.Combine(folder, "important.txt")));
        Assert.Equal("keep me too", await File.ReadAllTextAsync(Path.Combine(folder, "sub", "notes.txt")));
    }

    [Theory]
    [InlineData("report", "some-sweep-1", "--gateway", "127.0.0.1:1")]
    [InlineData("demo", "--spec", "no-such-spec.yaml")]
    public async Task Out_dot_inside_a_repository_is_refused_and_the_repository_kept(params string[] command)
    {
        var repo = Directory.CreateDirectory(Path.Combine(_root, "repo", ".git")).Parent!.FullName;
        await File.WriteAllTextAsync(Path.Combine(repo, ".git", "HEAD"), "ref: refs/heads/main\n");
        await File.WriteAllTextAsync(Path.Combine(repo, "Program.cs"), "// work");

        var (code, _, stderr) = await CliProcess.RunInAsync(repo, null, [.. command, "--out", "."]);

        Assert.Equal(1, code);
        Assert.Equal($"dwpfarm: error: {repo} is not empty and holds no earlier report (no .dwpfarm-report file); refusing to write over it: choose a new or empty folder", stderr.Trim());
        Assert.Equal("// work", await File.ReadAllTextAsync(Path.Combine(repo, "Program.cs")));
        Assert.True(File.Exists(Path.Combine(repo, ".git", "HEAD")));
    }

    [Fact]
    public async Task A_spec_file_over_one_mebibyte_is_refused_with_one_line_before_the_cluster_is_contacted()
    {
        var spec = Path.Combine(_root, "padded.yaml");
        await File.WriteAllTextAsync(spec, "name: padded\n" + new string('#', 2 << 20) + "\n");

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "sweep", "submit", spec, "--gateway", "127.0.0.1:1");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal($"dwpfarm: error: {spec}: 1 problem(s) in the sweep spec\n  {spec}: is {(2 << 20) + 14} bytes; a sweep spec may be at most 1048576 bytes (1 MiB)", stderr.Trim());
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    public async Task Version_prints_the_informational_version(string option)
    {
        var expected = typeof(Client.Farm.GatewaySettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, option);

        Assert.Equal(0, code);
        Assert.Equal(expected, stdout.Trim());
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task Bench_farm_goes_to_the_cluster_named_by_DWPFARM_GATEWAY()
    {
        // An in-process run would start a silo here and train; a refused gateway proves the variable was read.
        var (code, _, stderr) = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["DWPFARM_GATEWAY"] = "127.0.0.1:1" },
            "bench", "farm", "--units", "1", "--data", Path.Combine(_root, "no-data"));

        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("dwpfarm: error: cannot reach the cluster gateway at 127.0.0.1:1", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "no-data")));
    }

    [Theory]
    [InlineData("DWPFARM_HEAP_REUSE", "0", "--heap-arm", "glibc", "reuse", "the heap arm 'reuse' needs reuse on, but this process has DWPFARM_HEAP_REUSE=0", "both", "--heap-arm must be reuse or glibc")]
    [InlineData("DWPFARM_KERNEL_CAPS", "1", "--caps-arm", "capped", "native", "the kernel-caps arm 'native' needs the caps off, but this process has DWPFARM_KERNEL_CAPS=1: capped", "avx", "--caps-arm must be capped or native")]
    public async Task A_bench_arm_runs_only_under_the_setting_it_names(string variable, string value, string option, string arm, string other, string refusal, string invalid, string invalidMessage)
    {
        var setting = new Dictionary<string, string> { [variable] = value };

        var (code, stdout, stderr) = await CliProcess.RunAsync(setting, "bench", option, arm, "--batch", "8", "--seconds", "0.2");
        Assert.Equal(0, code);
        Assert.True(double.Parse(stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture) > 0, stdout);

        // The other arm asked of a process set for this one: measuring would report this arm's rate as the other's.
        (code, stdout, stderr) = await CliProcess.RunAsync(setting, "bench", option, other, "--batch", "8", "--seconds", "0.2");
        Assert.Equal(64, code);
        Assert.Empty(stdout);
        Assert.StartsWith("dwpfarm: error: " + refusal, stderr, StringComparison.Ordinal);

        (code, _, stderr) = await CliProcess.RunAsync(null, "bench", option, invalid);
        Assert.Equal(64, code);
        Assert.Contains(invalidMessage, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_bench_arm_at_a_time()
    {
        var (code, _, stderr) = await CliProcess.RunAsync(null, "bench", "--caps-arm", "native", "--heap-arm", "reuse");
        Assert.Equal(64, code);
        Assert.Contains("--heap-arm and --caps-arm measure different rows: give one", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
