using System.Net;
using DwpFarm.Grains;
using DwpFarm.Grains.Interfaces.Cluster;
using DwpFarm.Data;
using DwpFarm.Grains.Execution;
using DwpFarm.Pipeline.Units;
using DwpFarm.Grains.Units;
using DwpFarm.Storage.Logs;
using DwpFarm.Storage;
using DwpFarm.Storage.Artifacts;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace DwpFarm.Hosting;

/// <summary>Everything a DwpFarm silo needs, for the standalone silo, the in-process demo and the tests.</summary>
public static class FarmSiloExtensions
{
    /// <summary>
    /// Adds a whole silo from configuration: clustering, grain storage, reminders, slots and
    /// the database services; <paramref name="configureSilo"/> adds host-specific parts. Returns
    /// the resolved database so the caller can check its schema.
    /// </summary>
    public static FarmDatabase AddDwpFarmSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configureSilo = null)
    {
        var farm = Bind<FarmOptions>(builder.Configuration, FarmOptions.SectionName);
        var tls = Bind<ClusterTlsOptions>(builder.Configuration, ClusterTlsOptions.SectionName);

        // A silo asked for CUDA that cannot have it stops here, before it joins the cluster or claims work.
        SlotDevices.Require(Bind<SlotOptions>(builder.Configuration, SlotOptions.SectionName));
        var database = new FarmDatabase(FarmDatabaseStartup.Resolve(farm, Bind<DatabaseOptions>(builder.Configuration, DatabaseOptions.SectionName)));

        // The ADO.NET grain storage logs its connection string at start (password snipped, the
        // rest in clear); the farm names its database only through FarmDatabase.Describe.
        builder.Logging.AddFilter("Orleans.Storage.AdoNetGrainStorage", LogLevel.Warning);
        builder.Services.AddOptions<FarmOptions>().BindConfiguration(FarmOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SlotOptions>().BindConfiguration(SlotOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddDwpFarmServices(database);
        builder.Services.AddSingleton(DataRoot.Resolve(farm.DataRoot));
        builder.Services.AddDwpFarmRunners();
        if (SqliteSiloLock.For(database) is { } sqliteLock)
        {
            // Registered before Orleans, so it is taken before the silo joins anything.
            builder.Services.AddHostedService(_ => sqliteLock);
        }

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = farm.ClusterId;
                o.ServiceId = Constants.ServiceId;
            });
            // Failure detection and call timeouts are tunable: the fault tests shorten them.
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));
            silo.Configure<SiloMessagingOptions>(builder.Configuration.GetSection("Orleans:Messaging"));
            silo.Configure<ExceptionSerializationOptions>(RemoteExceptions.Allow);
            silo.AddDwpFarmStorage(database);
            if (tls.Enabled)
            {
                silo.UseTls(ClusterTls.Load(tls).Configure);
            }

            if (farm.Clustering == ClusteringMode.Localhost)
            {
                silo.UseLocalhostClustering(farm.SiloPort, farm.GatewayPort);
                silo.UseInMemoryReminderService();
            }
            else
            {
                silo.UseDwpFarmDatabaseClustering(database);
                silo.ConfigureEndpoints(
                    string.IsNullOrWhiteSpace(farm.AdvertisedAddress) ? IPAddress.Loopback : IPAddress.Parse(farm.AdvertisedAddress),
                    farm.SiloPort,
                    farm.GatewayPort,
                    listenOnAnyHostAddress: true);
            }

            configureSilo?.Invoke(silo);
        });

        builder.Services.AddHostedService<SweepResumer>();
        return database;
    }

    /// <summary>Cluster mode: membership and reminders in the shared database, through the ADO.NET providers.</summary>
    public static ISiloBuilder UseDwpFarmDatabaseClustering(this ISiloBuilder silo, FarmDatabase database) =>
        silo
            .UseAdoNetClustering(o =>
            {
                o.Invariant = database.Invariant;
                o.ConnectionString = database.ConnectionString;
            })
            .UseAdoNetReminderService(o =>
            {
                o.Invariant = database.Invariant;
                o.ConnectionString = database.ConnectionString;
            });

    /// <summary>
    /// The ADO.NET grain storage every grain persists through, with Orleans' own binary
    /// serializer: state types are [GenerateSerializer] records whose [Id]s version them,
    /// and the default JSON serializer keeps initialised collection defaults over stored values.
    /// </summary>
    public static ISiloBuilder AddDwpFarmStorage(this ISiloBuilder silo, FarmDatabase database) =>
        silo.AddAdoNetGrainStorage(Constants.StorageName, (OptionsBuilder<AdoNetGrainStorageOptions> options) => options.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = database.Invariant;
            o.ConnectionString = database.ConnectionString;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));

    /// <summary>The database, queue, artifacts and the slot pool; runners are added separately.</summary>
    public static IServiceCollection AddDwpFarmServices(this IServiceCollection services, FarmDatabase database)
    {
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<ArtifactStore>();
        services.AddSingleton<UnitLogStore>();
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<SlotMetrics>();
        services.AddSingleton<SlotLedger>();
        services.AddSingleton<UnitServices>();
        services.AddSingleton<SlotFailurePolicy>();
        services.AddSingleton<SlotClaimLoop>();
        services.AddSingleton<SlotHeartbeat>();
        services.AddHostedService<SlotPool>();
        return services;
    }

    /// <summary>The runners that turn units into ML-core calls, and the data sets they share.</summary>
    public static IServiceCollection AddDwpFarmRunners(this IServiceCollection services)
    {
        services.AddSingleton<SpecDataSets>();
        services.AddSingleton<IUnitRunner, SourceRunRunner>();
        services.AddSingleton<IUnitRunner, BankRunner>();
        services.AddSingleton<IUnitRunner, VaeRunner>();
        services.AddSingleton<IUnitRunner, EvaluationRunner>();
        return services;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        return options;
    }
}
