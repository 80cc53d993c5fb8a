using System.Net;
using System.Net.Sockets;
using DwpFarm.Hosting;
using Microsoft.AspNetCore.Connections;

namespace DwpFarm.Silo;

/// <summary>
/// Turns "address already in use" into one line naming the port and the setting that moves it.
/// Orleans does not say which of its ports failed, and a silo that failed to start still holds
/// the ones it bound, so the ports are tried before the silo starts.
/// </summary>
internal static class PortConflict
{
    private const string UrlsKey = "Urls";

    public static bool IsAddressInUse(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first Orleans port another program holds, as the error line; null when both are free.</summary>
    public static string? Find(IConfiguration configuration)
    {
        var farm = Farm(configuration);
        // Localhost clustering listens on loopback; cluster mode on every address.
        var address = farm.Clustering == ClusteringMode.Localhost ? IPAddress.Loopback : IPAddress.Any;
        return OrleansPorts(farm).Where(p => !CanListen(address, p.Port)).Select(p => InUse(p.Port, p.Setting)).FirstOrDefault();
    }

    /// <summary>The error line for a bind that failed after the silo started binding (Kestrel's, or a race).</summary>
    public static string Describe(IConfiguration configuration, Exception ex)
    {
        // Kestrel names the address it failed on; the HTTP endpoints move with Urls.
        if (ex is IOException && ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            return $"{ex.Message.TrimEnd('.')}; stop what holds it or set {UrlsKey} (--{UrlsKey}=http://127.0.0.1:PORT)";
        }

        var ports = string.Join(", ", OrleansPorts(Farm(configuration)).Select(p => $"{p.Setting} ({p.Port})"));
        return $"a port is already in use ({ex.Message.Split('\n')[0]}); the silo listens on {ports} and {UrlsKey} ({configuration[UrlsKey]})";
    }

    private static string InUse(int port, string setting) => $"port {port} ({setting}) is already in use; stop what holds it or set {setting} to a free port (--{setting}=PORT)";

    private static FarmOptions Farm(IConfiguration configuration) => configuration.GetSection(FarmOptions.SectionName).Get<FarmOptions>() ?? new();

    private static (int Port, string Setting)[] OrleansPorts(FarmOptions farm) =>
    [
        (farm.SiloPort, $"{FarmOptions.SectionName}:{nameof(FarmOptions.SiloPort)}"),
        (farm.GatewayPort, $"{FarmOptions.SectionName}:{nameof(FarmOptions.GatewayPort)}"),
    ];

    private static bool CanListen(IPAddress address, int port)
    {
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
