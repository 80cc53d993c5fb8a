using System.Net;
using DwpFarm.Grains;
using DwpFarm.Grains.Execution;
using DwpFarm.Grains.Units;
using DwpFarm.Storage;
using DwpFarm.Storage.Artifacts;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace DwpFarm.Hosting;

/// <summary>Everything a DwpFarm silo needs, for the standalone silo and the in-process demo alike.</summary>
public static class FarmSiloExtensions
{
    /// <summary>
    /// Adds the silo: clustering, ADO.NET grain storage, reminders, the slot pool and the
    /// database services. Returns the resolved database so the caller can check its schema.
    /// </summary>
    public static FarmDatabase AddDwpFarmSilo(this IHostApplicationBuilder builder)
    {
        var farm = Bind<FarmOptions>(builder.Configuration, FarmOptions.SectionName);
        var databaseOptions = FarmDatabaseStartup.Resolve(farm, Bind<DatabaseOptions>(builder.Configuration, DatabaseOptions.SectionName));
        var database = new FarmDatabase(databaseOptions);

        builder.Services.AddOptions<FarmOptions>().BindConfiguration(FarmOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SlotOptions>().BindConfiguration(SlotOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkQueue>();
        builder.Services.AddSingleton<ArtifactStore>();
        builder.Services.AddSingleton<WorkSignal>();
        builder.Services.AddSingleton<SlotMetrics>();
        builder.Services.AddSingleton<UnitServices>();
        builder.Services.AddHostedService<SlotPool>();

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = farm.ClusterId;
                o.ServiceId = Constants.ServiceId;
            });
            silo.AddAdoNetGrainStorage(Constants.StorageName, o =>
            {
                o.Invariant = database.Invariant;
                o.ConnectionString = database.ConnectionString;
            });

            if (farm.Clustering == ClusteringMode.Localhost)
            {
                silo.UseLocalhostClustering(farm.SiloPort, farm.GatewayPort);
                silo.UseInMemoryReminderService();
            }
            else
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = database.Invariant;
                    o.ConnectionString = database.ConnectionString;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = database.Invariant;
                    o.ConnectionString = database.ConnectionString;
                });
                silo.ConfigureEndpoints(
                    string.IsNullOrWhiteSpace(farm.AdvertisedAddress) ? IPAddress.Loopback : IPAddress.Parse(farm.AdvertisedAddress),
                    farm.SiloPort,
                    farm.GatewayPort,
                    listenOnAnyHostAddress: true);
            }
        });

        builder.Services.AddHostedService<SweepResumer>();
        return database;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        return options;
    }
}
