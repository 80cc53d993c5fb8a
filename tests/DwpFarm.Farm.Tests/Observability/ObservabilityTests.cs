using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DwpFarm.Farm.Tests.Observability;

/// <summary>
/// After a small sweep on a real silo: the scrape passes promtool, the Grafana dashboard names
/// only series the silo exports, every panel query returns series from a real Prometheus, and
/// the JSON logs carry sweep and unit ids as fields.
/// </summary>
public sealed partial class ObservabilityTests(ObservedSweepFixture sweep) : IClassFixture<ObservedSweepFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Grafana's rate interval for the test's 250 ms scrapes: several scrapes per window.</summary>
    private const string RateInterval = "3s";

    [Fact]
    public async Task The_scrape_passes_promtool_check_metrics()
    {
        var promtool = ExternalTool.Find("promtool", "prometheus");
        var (exit, stdout, stderr) = await ExternalTool.RunAsync(promtool, ["check", "metrics"], ToolTimeout, input: sweep.Scrape);
        Assert.True(exit == 0, $"promtool check metrics exited {exit}:\n{stdout}{stderr}");
    }

    [Fact]
    public void Every_metric_the_dashboard_names_is_in_the_scrape()
    {
        var exported = ScrapedNames(sweep.Scrape);
        var dashboard = GrafanaDashboard.Load();
        var missing = new List<string>();
        foreach (var query in dashboard.Queries)
        {
            var names = GrafanaDashboard.MetricNames(query.Expression);
            Assert.True(names.Count > 0, $"{query.Panel} {query.RefId} names no metric: {query.Expression}");
            missing.AddRange(names.Where(n => !exported.Contains(n)).Select(n => $"{n} ({query.Panel} {query.RefId})"));
        }

        missing.AddRange(dashboard.Variables.Where(v => !exported.Contains(v.Metric)).Select(v => $"{v.Metric} (variable {v.Name})"));
        Assert.True(missing.Count == 0, $"not exported by the silo: {string.Join(", ", missing)}\nexported: {string.Join(" ", exported.Order())}");
    }

    [Fact]
    public async Task Every_panel_query_returns_series_from_a_real_Prometheus()
    {
        var dashboard = GrafanaDashboard.Load();
        var values = new Dictionary<string, string>
        {
            ["sweep"] = sweep.SweepId,
            ["silo"] = sweep.Instance,
            ["__rate_interval"] = RateInterval,
        };
        var empty = new List<string>();
        foreach (var query in dashboard.Queries)
        {
            var expression = GrafanaDashboard.Fill(query.Expression, values);
            var result = await sweep.Prometheus.QueryRangeAsync(expression, sweep.SubmittedAt, DateTimeOffset.UtcNow, PrometheusServer.ScrapeInterval);
            if (result.GetProperty("result").GetArrayLength() == 0)
            {
                empty.Add($"{query.Panel} {query.RefId}: {expression}");
            }
        }

        Assert.True(empty.Count == 0, $"queries without series:\n{string.Join('\n', empty)}");
    }

    [Fact]
    public async Task The_variables_list_the_sweep_and_the_silo()
    {
        var dashboard = GrafanaDashboard.Load();
        var expected = new Dictionary<string, string> { ["sweep"] = sweep.SweepId, ["silo"] = sweep.Instance };
        Assert.Equal(expected.Keys.Order(), dashboard.Variables.Select(v => v.Name).Order());
        foreach (var variable in dashboard.Variables)
        {
            var listed = await sweep.Prometheus.LabelValuesAsync(variable.Label, variable.Metric);
            Assert.Contains(expected[variable.Name], listed);
        }
    }

    [Fact]
    public async Task The_total_throughput_panel_shows_the_training()
    {
        var query = GrafanaDashboard.Load().Queries.Single(q => q.Panel == "Training throughput, total");
        var expression = GrafanaDashboard.Fill(query.Expression, new Dictionary<string, string>
        {
            ["sweep"] = sweep.SweepId,
            ["silo"] = sweep.Instance,
            ["__rate_interval"] = RateInterval,
        });
        var result = await sweep.Prometheus.QueryRangeAsync(expression, sweep.SubmittedAt, sweep.FinishedAt, PrometheusServer.ScrapeInterval);
        var samples = result.GetProperty("result").EnumerateArray()
            .SelectMany(s => s.GetProperty("values").EnumerateArray())
            .Select(v => double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Contains(samples, v => v > 0);
    }

    [Fact]
    public void Json_logs_carry_the_sweep_and_unit_ids_as_fields()
    {
        var lines = sweep.Silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unitEvents = new List<(string Message, string UnitId)>();
        foreach (var line in lines)
        {
            using var json = ParseLine(line);
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
            if (json.RootElement.TryGetProperty("State", out var state)
                && state.TryGetProperty("UnitId", out var unit)
                && state.TryGetProperty("SweepId", out var sweepId))
            {
                Assert.Equal(sweep.SweepId, sweepId.GetString());
                Assert.StartsWith(sweep.SweepId + "/", unit.GetString(), StringComparison.Ordinal);
                unitEvents.Add((state.GetProperty("{OriginalFormat}").GetString()!, unit.GetString()!));
            }
        }

        // Every unit of the sweep logged its start and its completion: 2 runs, the bank, 2 VAEs, 2 evaluations.
        Assert.Equal(7, unitEvents.Where(e => e.Message.Contains("started", StringComparison.Ordinal)).Select(e => e.UnitId).Distinct().Count());
        Assert.Equal(7, unitEvents.Where(e => e.Message.Contains("completed", StringComparison.Ordinal)).Select(e => e.UnitId).Distinct().Count());
    }

    private static JsonDocument ParseLine(string line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"a silo output line is not JSON ({ex.Message}): {line}");
        }
    }

    /// <summary>The sample names of a Prometheus text exposition (histograms as _bucket, _sum, _count).</summary>
    private static HashSet<string> ScrapedNames(string scrape) =>
        [.. scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => SampleName().Match(l).Value)];

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();
}
