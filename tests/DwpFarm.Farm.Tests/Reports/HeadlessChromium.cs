using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace DwpFarm.Farm.Tests.Reports;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol: it loads a page and says what a person would have
/// seen: a screenshot, how many images decoded, and every error the page raised (console errors, uncaught
/// exceptions, failed loads and blocked requests, which Chromium reports as log entries).
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<JsonObject> _events = [];
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Errors the page raised since it was loaded, one line each.</summary>
    public IReadOnlyList<string> Errors => [.. _events.Select(Error).OfType<string>()];

    public static async Task<HeadlessChromium> StartAsync()
    {
        var program = ExternalTool.Find("chromium", "chromium");
        // A fresh profile per browser: nothing from an earlier run, and the DevTools port file is ours.
        var profile = Directory.CreateTempSubdirectory("dwpfarm-chromium-").FullName;
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"])
        {
            start.ArgumentList.Add(argument);
        }

        var browser = new HeadlessChromium(Process.Start(start)!, profile);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        browser._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                listening.TrySetException(new XunitException($"chromium exited before it listened for DevTools:\n{browser._stderr}"));
                return;
            }

            lock (browser._stderr)
            {
                browser._stderr.AppendLine(line);
            }

            if (line.StartsWith("DevTools listening on ", StringComparison.Ordinal))
            {
                listening.TrySetResult(line["DevTools listening on ".Length..].Trim());
            }
        };
        browser._process.BeginErrorReadLine();
        browser._process.BeginOutputReadLine();
        try
        {
            var endpoint = new Uri(await listening.Task.WaitAsync(Timeout));
            using var http = new HttpClient { Timeout = Timeout };
            var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{endpoint.Authority}/json/list")))!.AsArray();
            var page = targets.Select(t => t!.AsObject()).First(t => (string?)t["type"] == "page");
            using var connect = new CancellationTokenSource(Timeout);
            await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), connect.Token);
            foreach (var domain in (string[])["Runtime", "Log", "Page"])
            {
                await browser.SendAsync($"{domain}.enable");
            }

            return browser;
        }
        catch (TimeoutException)
        {
            await browser.DisposeAsync();
            throw new XunitException($"chromium did not offer DevTools within {Timeout}:\n{browser._stderr}");
        }
    }

    /// <summary>Loads <paramref name="file"/> in a viewport of the given size and waits for its load event.</summary>
    public async Task LoadAsync(string file, int width, int height)
    {
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        _events.Clear();
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(file)).AbsoluteUri });
        await ReceiveAsync(m => (string?)m["method"] == "Page.loadEventFired", "the page's load event");
    }

    /// <summary>The value of a JavaScript expression in the page.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return result["result"]?["value"];
    }

    /// <summary>A PNG of the viewport.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        return Convert.FromBase64String((string)result["data"]!);
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            // Only the browser this object started, and its helper processes.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_profile, recursive: true);
    }

    private static string? Error(JsonObject message) => (string?)message["method"] switch
    {
        "Runtime.exceptionThrown" => $"exception: {message["params"]?["exceptionDetails"]?.ToJsonString()}",
        "Runtime.consoleAPICalled" when (string?)message["params"]?["type"] is "error" or "assert" => $"console.{message["params"]!["type"]}: {message["params"]!["args"]?.ToJsonString()}",
        "Log.entryAdded" when (string?)message["params"]?["entry"]?["level"] == "error" => $"log: {message["params"]!["entry"]!["text"]} ({message["params"]!["entry"]!["url"]})",
        _ => null,
    };

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = ++_nextId;
        var request = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        using var send = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, send.Token);
        var response = await ReceiveAsync(m => (int?)m["id"] == id, $"the answer to {method}");
        return response["error"] is { } error
            ? throw new XunitException($"chromium refused {method}: {error.ToJsonString()}")
            : response["result"]!.AsObject();
    }

    /// <summary>Reads messages until one matches; events on the way are kept for <see cref="Errors"/>.</summary>
    private async Task<JsonObject> ReceiveAsync(Func<JsonObject, bool> wanted, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[1 << 16];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult part;
                do
                {
                    part = await _socket.ReceiveAsync(buffer, timeout.Token);
                    message.Write(buffer, 0, part.Count);
                }
                while (!part.EndOfMessage);

                var parsed = JsonNode.Parse(message.ToArray())!.AsObject();
                if (parsed["method"] is not null)
                {
                    _events.Add(parsed);
                }

                if (wanted(parsed))
                {
                    return parsed;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"chromium did not send {what} within {Timeout}:\n{_stderr}");
        }
    }
}
