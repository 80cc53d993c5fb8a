using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DwpFarm.Farm.Tests.Processes;

namespace DwpFarm.Farm.Tests.Observability;

/// <summary>
/// The Debian <c>prometheus</c> server on a free loopback port, scraping its targets every
/// <see cref="ScrapeInterval"/>, with its data in a folder the caller owns. Disposing kills it.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Short, so that a sweep of a few seconds is seen at several points.</summary>
    public static TimeSpan ScrapeInterval { get; } = TimeSpan.FromMilliseconds(250);

    public Uri Address { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static Task<PrometheusServer> StartAsync(string folder, Uri target, TimeSpan timeout) => StartAsync(folder, [target], timeout);

    public static async Task<PrometheusServer> StartAsync(string folder, IReadOnlyList<Uri> targets, TimeSpan timeout)
    {
        var binary = ExternalTool.Find("prometheus", "prometheus");
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: {(int)ScrapeInterval.TotalMilliseconds}ms
              scrape_timeout: {(int)ScrapeInterval.TotalMilliseconds}ms
              evaluation_interval: 1s
            scrape_configs:
              - job_name: dwpfarm-silo
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => $"\"{t.Authority}\""))}]
            """);
        var address = new Uri($"http://127.0.0.1:{SiloProcess.FreePort()}");
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config.file={config}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(folder, "data")}");
        start.ArgumentList.Add($"--web.listen-address={address.Authority}");
        start.ArgumentList.Add("--log.level=warn");
        var server = new PrometheusServer(Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start"), address);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(timeout);
            await server.WaitScrapingAsync(targets.Count, timeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query at the current time; returns the result vector.</summary>
    public Task<JsonElement> QueryAsync(string expression) =>
        GetDataAsync($"api/v1/query?query={Uri.EscapeDataString(expression)}");

    /// <summary>A range query as Grafana issues it; returns the result matrix.</summary>
    public Task<JsonElement> QueryRangeAsync(string expression, DateTimeOffset start, DateTimeOffset end, TimeSpan step) =>
        GetDataAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"api/v1/query_range?query={Uri.EscapeDataString(expression)}&start={start.ToUnixTimeMilliseconds() / 1000.0}&end={end.ToUnixTimeMilliseconds() / 1000.0}&step={step.TotalSeconds}"));

    /// <summary>What Grafana's <c>label_values(metric, label)</c> lists.</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string metric)
    {
        var data = await GetDataAsync($"api/v1/label/{Uri.EscapeDataString(label)}/values?match[]={Uri.EscapeDataString(metric)}");
        return [.. data.EnumerateArray().Select(v => v.GetString()!)];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task<JsonElement> GetDataAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        if (!response.IsSuccessStatusCode || json.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new Xunit.Sdk.XunitException($"Prometheus answered {(int)response.StatusCode} to {path}: {body}");
        }

        return json.RootElement.GetProperty("data").Clone();
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                if ((await _http.GetAsync(new Uri("-/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"prometheus was not ready within {timeout}:\n{Log}");
    }

    /// <summary>
    /// Prometheus applies discovered targets every 5 s, so a fresh server scrapes nothing for a
    /// while after it is ready; wait for the first good scrape of every target.
    /// </summary>
    private async Task WaitScrapingAsync(int targets, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var up = (await QueryAsync("up")).GetProperty("result");
            if (up.GetArrayLength() == targets && up.EnumerateArray().All(u => u.GetProperty("value")[1].GetString() == "1"))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"prometheus did not scrape its target within {timeout}: up = {up}\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
