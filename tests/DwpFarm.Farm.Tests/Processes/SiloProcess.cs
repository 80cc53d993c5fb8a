using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// A standalone silo in its own process (the built <c>dwpfarm-silo</c>), for tests that kill
/// and restart silos for real. Output is kept for failure messages.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly StringBuilder _standardOutput = new();
    private Process? _process;

    public SiloProcess(string dataRoot, IReadOnlyDictionary<string, string>? settings = null)
    {
        DataRoot = dataRoot;
        SiloPort = FreePort();
        GatewayPort = FreePort();
        HttpPort = FreePort();
        Settings = settings ?? new Dictionary<string, string>();
    }

    public string DataRoot { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int HttpPort { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Extra environment variables of the silo process (beside DWPFARM_DATA).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Arguments after the settings, as a user would add them (e.g. <c>--help</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>What the silo wrote to stderr alone: its error lines, without the logs.</summary>
    public string Errors
    {
        get
        {
            lock (_output)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>The silo's HTTP endpoint (/healthz, /metrics).</summary>
    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    public string Gateway => $"127.0.0.1:{GatewayPort}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Standard output alone: the host's log. Native libraries write to standard error (libtorch warns there, on some
    /// processors, that NNPACK does not support them), outside any log format.
    /// </summary>
    public string StandardOutput
    {
        get
        {
            lock (_output)
            {
                return _standardOutput.ToString();
            }
        }
    }

    /// <summary>The silo binary built beside this test assembly's configuration.</summary>
    public static string Binary => RepoRoot.BuiltBinary("Silo", "dwpfarm-silo");

    public bool HasExited => _process is { HasExited: true };

    /// <summary>Starts the process and waits until /healthz answers.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        Launch();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/healthz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the silo did not become healthy within {timeout}:\n{Output}");
    }

    /// <summary>Starts a silo that is expected to refuse to start, and returns its exit code.</summary>
    public async Task<int> RunToExitAsync(TimeSpan timeout)
    {
        Launch();
        using var cancel = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    private void Launch()
    {
        _process?.Dispose();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--Urls=http://127.0.0.1:{HttpPort}");
        start.ArgumentList.Add($"--Farm:SiloPort={SiloPort}");
        start.ArgumentList.Add($"--Farm:GatewayPort={GatewayPort}");
        foreach (var (key, value) in Settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DWPFARM_DATA"] = DataRoot;
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("the silo did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data, _standardOutput);
        _process.ErrorDataReceived += (_, e) => Append(e.Data, _errors);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>SIGKILL: no shutdown hooks, no lease hand-back.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    // The kernel may hand a just-released port out again; no two callers in this run get the same one.
    private static readonly HashSet<int> Given = [];

    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Given)
            {
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private void Append(string? line, StringBuilder? stream = null)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
                stream?.AppendLine(line);
            }
        }
    }
}
