using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using DwpFarm.Hosting;
using Orleans.Dashboard;

namespace DwpFarm.Silo;

/// <summary>
/// The Orleans dashboard, off by default. It shows grain state and live logs, so it is never
/// served without a password: every request under <c>/dashboard</c> needs basic authentication.
/// </summary>
public static class DashboardExtensions
{
    public const string Path = "/dashboard";

    /// <summary>Reads the options; enabled without a password (or with only white space, which a template or a stray newline leaves) is a configuration error at start.</summary>
    public static FarmDashboardOptions ReadDashboardOptions(this IConfiguration configuration)
    {
        var options = configuration.GetSection(FarmDashboardOptions.SectionName).Get<FarmDashboardOptions>() ?? new();
        if (options.Enabled && string.IsNullOrEmpty(options.Password))
        {
            throw new DashboardConfigurationException("Farm:Dashboard:Enabled is true but no password is set: set Farm__Dashboard__Password (from a secret), or disable the dashboard");
        }

        if (options.Enabled && string.IsNullOrWhiteSpace(options.Password))
        {
            throw new DashboardConfigurationException("Farm:Dashboard:Enabled is true but Farm:Dashboard:Password is only white space: set a real password (from a secret), or disable the dashboard");
        }

        return options;
    }

    public static void AddDwpFarmDashboard(this ISiloBuilder silo, FarmDashboardOptions options)
    {
        if (options.Enabled)
        {
            silo.AddDashboard();
        }
    }

    public static void MapDwpFarmDashboard(this WebApplication app, FarmDashboardOptions options)
    {
        if (!options.Enabled)
        {
            return;
        }

        var expected = Encoding.UTF8.GetBytes($"{options.User}:{options.Password}");
        app.MapOrleansDashboard(Path).AddEndpointFilter(async (context, next) =>
            Authorized(context.HttpContext.Request, expected) ? await next(context) : Challenge(context.HttpContext));
    }

    private static bool Authorized(HttpRequest request, byte[] expected)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[Math.Max(0, (header.Parameter.Length * 3 / 4) + 3)];
        return Convert.TryFromBase64String(header.Parameter, given, out var length)
            && CryptographicOperations.FixedTimeEquals(given[..length], expected);
    }

    private static IResult Challenge(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"dwpfarm\", charset=\"UTF-8\"";
        return Results.Unauthorized();
    }
}
