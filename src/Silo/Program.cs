using DwpFarm.Grains.Execution;
using DwpFarm.Hosting;
using DwpFarm.Silo;
using DwpFarm.Storage;

if (SiloHelp.Requested(args))
{
    await Console.Out.WriteAsync(SiloHelp.Text);
    return 0;
}

// Settings ship beside the binary, whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddDwpFarmLogging();

try
{
    if (PortConflict.Find(builder.Configuration) is { } conflict)
    {
        await Console.Error.WriteLineAsync($"dwpfarm-silo: error: {conflict}");
        return 1;
    }

    // Telemetry first: its Orleans metrics bridge must be listening before the silo starts.
    builder.AddDwpFarmTelemetry();
    var dashboard = builder.Configuration.ReadDashboardOptions();
    var database = builder.AddDwpFarmSilo(silo => silo.AddDwpFarmDashboard(dashboard));
    builder.Services.AddHealthChecks().AddCheck<SlotPoolHealthCheck>("slots");

    var app = builder.Build();
    app.MapHealthChecks("/healthz");
    app.MapPrometheusScrapingEndpoint();
    app.MapDwpFarmDashboard(dashboard);

    await FarmDatabaseStartup.EnsureSchemaAsync(
        database, app.Configuration.GetSection(FarmOptions.SectionName).Get<FarmOptions>() ?? new(), app.Logger);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is FarmDatabaseException or ClusterTlsException or DashboardConfigurationException or SlotDeviceException)
{
    await Console.Error.WriteLineAsync($"dwpfarm-silo: error: {ex.Message}");
    return 1;
}
catch (Exception ex) when (PortConflict.IsAddressInUse(ex))
{
    await Console.Error.WriteLineAsync($"dwpfarm-silo: error: {PortConflict.Describe(builder.Configuration, ex)}");
    return 1;
}
