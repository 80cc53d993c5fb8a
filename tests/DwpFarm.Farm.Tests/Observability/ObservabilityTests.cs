using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DwpFarm.Farm.Tests.Observability;

/// <summary>
/// After a small sweep and a failing one on a real silo: the scrape passes promtool, the Grafana dashboard names
/// only series the silo exports, every panel query returns series from a real Prometheus and counts what ran
/// (failures between two scrapes, steps of every kind, accuracies per train size), a finished sweep's series go
/// after the grace period, and the JSON logs carry sweep and unit ids as fields.
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
        var empty = new List<string>();
        foreach (var query in dashboard.Queries)
        {
            var expression = Fill(query.Expression);
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
        var expression = Fill(query.Expression);
        var result = await sweep.Prometheus.QueryRangeAsync(expression, sweep.SubmittedAt, sweep.FinishedAt, PrometheusServer.ScrapeInterval);
        var series = result.GetProperty("result").EnumerateArray().ToList();

        // One series per kind of sample, never images and kernels added up.
        Assert.Equal(["image", "kernel", "model"], series.Select(s => s.GetProperty("metric").TryGetProperty("sample", out var x) ? x.GetString() : "?").Order());
        Assert.All(series, s => Assert.Contains(s.GetProperty("values").EnumerateArray(), v => Value(v) > 0));
    }

    [Fact]
    public async Task A_unit_that_starts_and_fails_between_two_scrapes_shows_in_the_failure_panel()
    {
        // Both units failed within milliseconds of their start, far inside one scrape interval: the panel's
        // increase() sees them only because the failure counter was scraped at zero before.
        var query = GrafanaDashboard.Load().Queries.Single(q => q.Panel == "Failures and retries" && q.RefId == "A");
        var expression = Fill(query.Expression);
        var failed = 0.0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        do
        {
            // As Grafana draws the panel over the failing sweep's time.
            var result = await sweep.Prometheus.QueryRangeAsync(expression, sweep.FailingSubmittedAt.AddSeconds(-1), DateTimeOffset.UtcNow, PrometheusServer.ScrapeInterval);
            failed = result.GetProperty("result").EnumerateArray()
                .Where(s => s.GetProperty("metric").GetProperty("kind").GetString() == "source")
                .SelectMany(s => s.GetProperty("values").EnumerateArray())
                .Select(Value)
                .DefaultIfEmpty(0)
                .Max();
            if (Math.Round(failed) == ObservedSweepFixture.FailingUnits)
            {
                return;
            }

            await Task.Delay(PrometheusServer.ScrapeInterval);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"the failure panel shows at most {failed:F2} source failures, not {ObservedSweepFixture.FailingUnits}: {expression}");
    }

    [Fact]
    public async Task Accuracies_of_two_train_sizes_are_separate_series()
    {
        var result = await sweep.Prometheus.QueryRangeAsync(
            $"dwpfarm_evaluation_accuracy{{sweep=\"{sweep.SweepId}\"}}", sweep.SubmittedAt, sweep.FinishedAt.AddSeconds(2), PrometheusServer.ScrapeInterval);
        var series = result.GetProperty("result").EnumerateArray()
            .Select(s => s.GetProperty("metric"))
            .Select(m => $"{m.GetProperty("method").GetString()} N={(m.TryGetProperty("train_size", out var n) ? n.GetString() : "?")}")
            .Order()
            .ToList();
        var expected = ObservedSweepFixture.Methods.SelectMany(m => ObservedSweepFixture.TrainSizes.Select(n => $"{m} N={n}")).Order().ToList();
        Assert.Equal(expected, series);
    }

    [Fact]
    public async Task Steps_are_counted_for_every_unit_kind_that_trains()
    {
        var steps = await ByKindAsync("dwpfarm_training_steps_total");
        Assert.True(steps.GetValueOrDefault("source") > 0, $"source steps: {string.Join(", ", steps)}");
        Assert.True(steps.GetValueOrDefault("vae") > 0, $"vae steps: {string.Join(", ", steps)}");

        // Every evaluation takes the spec's 20 target steps.
        Assert.Equal(ObservedSweepFixture.Methods.Length * ObservedSweepFixture.TrainSizes.Length * 20, steps.GetValueOrDefault("eval"));
        Assert.Equal(0, steps["bank"]);
    }

    [Fact]
    public void Every_counter_exists_for_every_unit_kind_and_samples_name_what_they_count()
    {
        var samples = new Dictionary<string, string> { ["source"] = "image", ["bank"] = "model", ["vae"] = "kernel", ["eval"] = "image" };
        var lines = sweep.Scrape.Split('\n');
        var missing = new List<string>();
        foreach (var (kind, sample) in samples)
        {
            foreach (var counter in new[] { "dwpfarm_units_started_total", "dwpfarm_units_completed_total", "dwpfarm_units_failed_total", "dwpfarm_units_retried_total", "dwpfarm_training_steps_total" })
            {
                if (!lines.Any(l => l.StartsWith(counter + "{", StringComparison.Ordinal) && l.Contains($"kind=\"{kind}\"", StringComparison.Ordinal)))
                {
                    missing.Add($"{counter} kind={kind}");
                }
            }

            if (!lines.Any(l => l.StartsWith("dwpfarm_training_samples_total{", StringComparison.Ordinal) && l.Contains($"kind=\"{kind}\"", StringComparison.Ordinal) && l.Contains($"sample=\"{sample}\"", StringComparison.Ordinal)))
            {
                missing.Add($"dwpfarm_training_samples_total kind={kind} sample={sample}");
            }
        }

        Assert.True(missing.Count == 0, $"missing from the scrape: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task A_finished_sweeps_series_go_after_the_grace_period()
    {
        var selector = $"{{sweep=\"{sweep.SweepId}\"}}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + ObservedSweepFixture.SweepGrace + TimeSpan.FromSeconds(30);
        string scrape;
        while ((scrape = await http.GetStringAsync(new Uri(sweep.Silo.HttpAddress, "metrics"))).Contains($"sweep=\"{sweep.SweepId}\"", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the finished sweep's series are still exported:\n{string.Join('\n', scrape.Split('\n').Where(l => l.Contains(sweep.SweepId, StringComparison.Ordinal)))}");
            await Task.Delay(250);
        }

        // Prometheus marks them stale at its next scrape; until the grace period was over they were there.
        var gone = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while ((await sweep.Prometheus.QueryAsync($"dwpfarm_evaluation_accuracy{selector} or dwpfarm_vae_elbo{selector}")).GetProperty("result").GetArrayLength() > 0)
        {
            Assert.True(DateTime.UtcNow < gone, "Prometheus still returns the finished sweep's series");
            await Task.Delay(250);
        }

        var kept = await sweep.Prometheus.QueryRangeAsync($"dwpfarm_evaluation_accuracy{selector}", sweep.FinishedAt, DateTimeOffset.UtcNow, PrometheusServer.ScrapeInterval);
        var last = kept.GetProperty("result").EnumerateArray()
            .SelectMany(s => s.GetProperty("values").EnumerateArray())
            .Max(v => DateTimeOffset.FromUnixTimeMilliseconds((long)(v[0].GetDouble() * 1000)));
        Assert.True(last >= sweep.FinishedAt + ObservedSweepFixture.SweepGrace - TimeSpan.FromSeconds(1.5), $"the series went at {last:O}, before the grace period after {sweep.FinishedAt:O}");
    }

    [Fact]
    public void Json_logs_carry_the_sweep_and_unit_ids_as_fields()
    {
        var lines = sweep.Silo.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unitEvents = new List<(string Message, string UnitId)>();
        foreach (var line in lines)
        {
            using var json = ParseLine(line);
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
            if (json.RootElement.TryGetProperty("State", out var state)
                && state.TryGetProperty("UnitId", out var unit)
                && state.TryGetProperty("SweepId", out var sweepId))
            {
                Assert.StartsWith(sweepId.GetString() + "/", unit.GetString(), StringComparison.Ordinal);
                if (sweepId.GetString() == sweep.SweepId)
                {
                    unitEvents.Add((state.GetProperty("{OriginalFormat}").GetString()!, unit.GetString()!));
                }
            }
        }

        // Every unit of the sweep logged its start and its completion: 2 runs, the bank, 2 VAEs, 4 evaluations.
        Assert.Equal(9, unitEvents.Where(e => e.Message.Contains("started", StringComparison.Ordinal)).Select(e => e.UnitId).Distinct().Count());
        Assert.Equal(9, unitEvents.Where(e => e.Message.Contains("completed", StringComparison.Ordinal)).Select(e => e.UnitId).Distinct().Count());
    }

    private string Fill(string expression) => GrafanaDashboard.Fill(expression, new Dictionary<string, string>
    {
        ["sweep"] = sweep.SweepId,
        ["silo"] = sweep.Instance,
        ["__rate_interval"] = RateInterval,
    });

    /// <summary>The current value of a counter by its kind label, on the fixture's silo.</summary>
    private async Task<Dictionary<string, double>> ByKindAsync(string metric)
    {
        var result = (await sweep.Prometheus.QueryAsync($"sum by (kind) ({metric}{{instance=\"{sweep.Instance}\"}})")).GetProperty("result");
        return result.EnumerateArray().ToDictionary(s => s.GetProperty("metric").GetProperty("kind").GetString()!, s => Value(s.GetProperty("value")));
    }

    private static double Value(JsonElement sample) => double.Parse(sample[1].GetString()!, CultureInfo.InvariantCulture);

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
