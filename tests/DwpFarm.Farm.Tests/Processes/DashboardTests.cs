using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>A silo with the Orleans dashboard enabled.</summary>
public sealed class DashboardSiloFixture() : SingleSiloFixture("dashboard")
{
    public const string Password = "dash-Pa55word";

    protected override SiloProcess CreateSilo() =>
        new(Root, new Dictionary<string, string> { ["Slots:Count"] = "1", ["Farm:Dashboard:Enabled"] = "true" })
        {
            Environment = new Dictionary<string, string> { ["Farm__Dashboard__Password"] = Password },
        };
}

/// <summary>The dashboard is served only to a request with the configured credentials.</summary>
public sealed class DashboardTests(DashboardSiloFixture fixture) : IClassFixture<DashboardSiloFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("admin:wrong")]
    [InlineData("someone:" + DashboardSiloFixture.Password)]
    public async Task Requests_without_the_right_credentials_are_refused(string? credentials)
    {
        using var response = await GetAsync(credentials);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task The_right_credentials_get_the_dashboard()
    {
        using var response = await GetAsync("admin:" + DashboardSiloFixture.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_and_health_stay_open_to_the_scraper()
    {
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(fixture.Silo.HttpAddress, "/metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(fixture.Silo.HttpAddress, "/healthz"))).StatusCode);
    }

    [Fact]
    public async Task Enabling_the_dashboard_without_a_password_stops_the_silo_with_one_line()
    {
        await using var silo = new SiloProcess(fixture.Root, new Dictionary<string, string> { ["Farm:Dashboard:Enabled"] = "true" });

        var code = await silo.RunToExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, code);
        Assert.Contains("dwpfarm-silo: error: Farm:Dashboard:Enabled is true but no password is set", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabling_the_dashboard_with_a_white_space_password_stops_the_silo_with_one_line()
    {
        // What an unfilled template or `echo " " | kubectl create secret` leaves: it would let "admin: " in.
        await using var silo = new SiloProcess(fixture.Root, new Dictionary<string, string> { ["Farm:Dashboard:Enabled"] = "true" })
        {
            Environment = new Dictionary<string, string> { ["Farm__Dashboard__Password"] = " \t " },
        };

        var code = await silo.RunToExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, code);
        Assert.Contains("dwpfarm-silo: error: Farm:Dashboard:Enabled is true but Farm:Dashboard:Password is only white space", silo.Output, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> GetAsync(string? credentials)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Silo.HttpAddress, "/dashboard/"));
        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        return await http.SendAsync(request);
    }
}
