using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DwpFarm.Hosting;
using DwpFarm.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DwpFarm.Client.Farm;

/// <summary>
/// A whole silo inside the CLI process, on the embedded default (SQLite, localhost clustering),
/// for <c>demo</c> and <c>bench farm</c>. Its ports are free ones, so it runs beside a standalone silo.
/// </summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessSilo(IHost host, string database)
    {
        _host = host;
        Database = database;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The database, described without secrets.</summary>
    public string Database { get; }

    /// <summary>
    /// Starts a silo on <paramref name="dataRoot"/> (caches, and the SQLite file unless
    /// <paramref name="sqliteFile"/> names one of its own) with <paramref name="slots"/> slots (0: one per core).
    /// </summary>
    public static async Task<InProcessSilo> StartAsync(string dataRoot, int slots, string? sqliteFile, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        // The CLI owns stdout; the silo's own warnings (a unit that failed, a lost lease) go to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error).AddFilter("DwpFarm", LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        var settings = new Dictionary<string, string?>
        {
            ["Farm:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Farm:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Farm:DataRoot"] = dataRoot,
            ["Slots:Count"] = slots.ToString(CultureInfo.InvariantCulture),
            ["Slots:PollMilliseconds"] = "50",
        };
        if (sqliteFile is not null)
        {
            settings[$"{DatabaseOptions.SectionName}:ConnectionString"] = DatabaseOptions.ForSqliteFile(sqliteFile).ConnectionString;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var database = builder.AddDwpFarmSilo();
        var host = builder.Build();
        try
        {
            await FarmDatabaseStartup.EnsureSchemaAsync(database, new FarmOptions(), cancellationToken: cancellationToken);
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new InProcessSilo(host, database.Describe());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None);
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
