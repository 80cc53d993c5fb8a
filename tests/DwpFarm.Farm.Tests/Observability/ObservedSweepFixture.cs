using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DwpFarm.Client.Farm;
using DwpFarm.Farm.Tests.Processes;
using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Farm.Tests.Observability;

/// <summary>
/// One real silo process (JSON logs) scraped by a real Prometheus, one small sweep run on it through the CLI,
/// then a sweep whose two source units start and fail at once (an empty notMNIST folder), each well within one
/// scrape interval. The tests of the class read what this leaves behind.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xUnit disposes fixtures through IAsyncLifetime.DisposeAsync")]
public sealed class ObservedSweepFixture : IAsyncLifetime
{
    public static readonly string[] Methods = ["dwp", "xavier"];

    /// <summary>Two train sizes, so that their accuracies must coexist as separate series.</summary>
    public static readonly int[] TrainSizes = [50, 100];

    /// <summary>Source units of the failing sweep; each fails for good as soon as it starts.</summary>
    public const int FailingUnits = 2;

    /// <summary>Short, so that a test sees the finished sweep's series go; longer than the fixture needs to scrape them.</summary>
    public static readonly TimeSpan SweepGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-observability-").FullName;
    private SiloProcess? _silo;
    private PrometheusServer? _prometheus;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("not started");

    public PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("not started");

    public string SweepId { get; private set; } = string.Empty;

    public DateTimeOffset SubmittedAt { get; private set; }

    public DateTimeOffset FinishedAt { get; private set; }

    /// <summary>The sweep whose units all fail at once, and when it was submitted and seen finished.</summary>
    public string FailingSweepId { get; private set; } = string.Empty;

    public DateTimeOffset FailingSubmittedAt { get; private set; }

    public DateTimeOffset FailingFinishedAt { get; private set; }

    /// <summary>The silo's /metrics after the sweep.</summary>
    public string Scrape { get; private set; } = string.Empty;

    /// <summary>Prometheus' instance label of the silo, the dashboard's silo variable.</summary>
    public string Instance => Silo.HttpAddress.Authority;

    public async Task InitializeAsync()
    {
        // Both tools first: a missing package fails before any process starts.
        ExternalTool.Find("prometheus", "prometheus");
        ExternalTool.Find("promtool", "prometheus");
        try
        {
            await RunAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Idempotent: also called when starting failed half-way.</summary>
    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
            _prometheus = null;
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
            _silo = null;
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task RunAsync()
    {
        _silo = new SiloProcess(Path.Combine(_root, "data"), new Dictionary<string, string>
        {
            ["Slots:Count"] = "2",
            ["Slots:PollMilliseconds"] = "50",
            ["Metrics:FinishedSweepGraceSeconds"] = ((int)SweepGrace.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        })
        {
            Environment = new Dictionary<string, string> { ["DWPFARM_LOG_FORMAT"] = "json" },
        };
        await _silo.StartAsync(StartTimeout);
        _prometheus = await PrometheusServer.StartAsync(Path.Combine(_root, "prometheus"), _silo.HttpAddress, StartTimeout);

        var spec = Path.Combine(_root, "observed.yaml");
        var mnist = SyntheticMnist.Write(Path.Combine(_root, "mnist"));
        await File.WriteAllTextAsync(spec, $"""
            name: observed
            source:
              imagesPerClass: 100
              testImages: 200
              count: 2
              widths: [4, 8]
              epochs: 2
            bank:
              pruneRule: relative
            prior:
              gates: false
              conv1:
                epochs: 2
                restarts: 1
              conv2:
                epochs: 1
                restarts: 1
            evaluation:
              folder: {mnist}
              trainSizes: [{string.Join(", ", TrainSizes)}]
              methods: [{string.Join(", ", Methods)}]
              seeds: 1
              steps: 20
              evalEvery: 10
            """);
        SubmittedAt = DateTimeOffset.UtcNow;
        SweepId = await SubmitAsync(spec);
        await WaitForSweepAsync(SweepId, SweepPhase.Completed);
        FinishedAt = DateTimeOffset.UtcNow;
        await WaitForPrometheusAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Scrape = await http.GetStringAsync(new Uri(_silo.HttpAddress, "metrics"));
        await RunFailingSweepAsync();
    }

    private async Task RunFailingSweepAsync()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "notmnist-empty")).FullName;
        var spec = Path.Combine(_root, "failing.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: failing
            stopAfter: sources
            source:
              dataset: notmnist
              folder: {empty}
              count: {FailingUnits}
            """);
        FailingSubmittedAt = DateTimeOffset.UtcNow;
        FailingSweepId = await SubmitAsync(spec);
        await WaitForSweepAsync(FailingSweepId, SweepPhase.Failed);
        FailingFinishedAt = DateTimeOffset.UtcNow;
    }

    private async Task<string> SubmitAsync(string spec)
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(null, "sweep", "submit", spec, "--gateway", Silo.Gateway);
        Assert.True(exit == 0, $"sweep submit exited {exit}: {stderr}");
        return stdout.Trim();
    }

    private async Task WaitForSweepAsync(string sweepId, SweepPhase expected)
    {
        await using var connection = await FarmConnection.ConnectAsync(Silo.Gateway, CancellationToken.None);
        var sweep = connection.Grains.GetGrain<ISweepGrain>(sweepId);
        using var timeout = new CancellationTokenSource(SweepTimeout);
        SweepStatus? last = null;
        try
        {
            await foreach (var status in sweep.WatchAsync(TimeSpan.FromMilliseconds(250), timeout.Token))
            {
                last = status;
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the sweep did not finish within {SweepTimeout}: {SweepStatusView.Line(await sweep.GetStatusAsync())}\n{Silo.Output}");
        }

        last ??= await sweep.GetStatusAsync();
        Assert.True(last.Phase == expected, $"{SweepStatusView.Line(last)}\n{Silo.Output}");
    }

    /// <summary>
    /// Waits until Prometheus has scraped every accuracy of the sweep at least three times, so
    /// every series of the sweep has the two samples in a rate window that rate() needs.
    /// </summary>
    private async Task WaitForPrometheusAsync()
    {
        var deadline = DateTime.UtcNow + ScrapeTimeout;
        var query = $"count(count_over_time(dwpfarm_evaluation_accuracy{{sweep=\"{SweepId}\"}}[5m]) >= 3)";
        var expected = (Methods.Length * TrainSizes.Length).ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            var vector = (await Prometheus.QueryAsync(query)).GetProperty("result");
            if (vector.GetArrayLength() == 1 && vector[0].GetProperty("value")[1].GetString() == expected)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Prometheus did not scrape the {expected} accuracies of {SweepId} three times within {ScrapeTimeout}: {vector}\n{Prometheus.Log}");
            }

            await Task.Delay(100);
        }
    }
}
