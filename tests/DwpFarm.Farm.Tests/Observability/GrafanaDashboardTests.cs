namespace DwpFarm.Farm.Tests.Observability;

/// <summary>The dashboard reader itself: which names of a PromQL query are metrics.</summary>
public sealed class GrafanaDashboardTests
{
    [Theory]
    [InlineData("""histogram_quantile(0.95, sum by (le, kind) (rate(a_seconds_bucket{sweep=~"$sweep", x!~"sys\\..*"}[$__rate_interval])))""", "a_seconds_bucket")]
    [InlineData("""60 * sum without (instance) (rate(b_total[5m])) / on (kind) group_left (c) c_info offset 1m""", "b_total c_info")]
    [InlineData("""max(d{instance=~"$silo"}) or vector(1e3) and bare_metric""", "d bare_metric")]
    public void Metric_names_are_the_selectors_of_a_query(string expression, string expected) =>
        Assert.Equal(expected.Split(' ').Order(), GrafanaDashboard.MetricNames(expression).Order());

    [Fact]
    public void Filling_variables_leaves_no_dollar_and_refuses_unknown_ones()
    {
        var values = new Dictionary<string, string> { ["sweep"] = "s-1", ["__rate_interval"] = "10s" };
        Assert.Equal("""rate(x{sweep=~"s-1"}[10s])""", GrafanaDashboard.Fill("""rate(x{sweep=~"${sweep}"}[$__rate_interval])""", values));
        Assert.Throws<Xunit.Sdk.XunitException>(() => GrafanaDashboard.Fill("""x{instance=~"$silo"}""", values));
    }
}
