using System.Net;
using System.Net.Sockets;
using DwpFarm.Grains;
using DwpFarm.Grains.Interfaces.Cluster;
using DwpFarm.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;

namespace DwpFarm.Client.Farm;

/// <summary>A connected Orleans client; dispose to disconnect.</summary>
public sealed class FarmConnection : IAsyncDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);
    private readonly IHost _host;

    private FarmConnection(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects through the settings' gateways, with mutual TLS when a certificate is configured.</summary>
    public static Task<FarmConnection> ConnectAsync(GatewaySettings settings, CancellationToken cancellationToken) =>
        ConnectAsync(settings.ResolveGateway(), settings.ResolveTls(), cancellationToken, settings.ResolveConnectTimeout());

    /// <summary>Connects without TLS.</summary>
    public static Task<FarmConnection> ConnectAsync(string gateway, CancellationToken cancellationToken) =>
        ConnectAsync(gateway, new ClusterTlsOptions(), cancellationToken);

    /// <summary>
    /// Connects through the gateways in <paramref name="gateway"/> (host:port, comma-separated). A gateway that refuses
    /// or never accepts is <see cref="ClusterUnreachableException"/>; one that accepts but does not answer within
    /// <paramref name="connectTimeout"/> is <see cref="ClusterSlowException"/>, since busy silos are not down.
    /// </summary>
    public static async Task<FarmConnection> ConnectAsync(string gateway, ClusterTlsOptions tlsOptions, CancellationToken cancellationToken, TimeSpan? connectTimeout = null)
    {
        var limit = connectTimeout ?? TimeSpan.FromSeconds(GatewaySettings.DefaultConnectTimeoutSeconds);
        var tls = tlsOptions.Enabled ? ClusterTls.Load(tlsOptions) : null;
        var endpoints = await ParseAsync(gateway, cancellationToken);
        await ProbeAsync(gateway, endpoints, cancellationToken);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var attempts = new ConnectionAttempts();
        builder.Services.AddSingleton<IClientConnectionRetryFilter>(attempts);
        builder.UseOrleansClient(client =>
        {
            client
                .UseStaticClustering(endpoints)
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = Constants.ClusterId;
                    o.ServiceId = Constants.ServiceId;
                })
                .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(30))
                .Configure<ExceptionSerializationOptions>(RemoteExceptions.Allow);
            if (tls is not null)
            {
                client.UseTls(tls.Configure);
            }
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await host.StartAsync(timeout.Token);
            return new FarmConnection(host);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && attempts.LastFailure is null)
        {
            host.Dispose();
            throw new ClusterSlowException(
                $"the cluster gateway at {gateway} accepted the connection but did not answer within {limit.TotalSeconds:0.#} s; " +
                $"the silos may be busy or still starting: try again, or allow longer with --connect-timeout / {GatewaySettings.ConnectTimeoutVariable}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Cut short while attempts were failing: the failure says more than the cancellation.
            ex = ex is OperationCanceledException && attempts.LastFailure is { } failure ? failure : ex;
            host.Dispose();
            var hint = tls is null
                ? "start a silo with `./dwpfarm silo` or set --gateway / DWPFARM_GATEWAY; a cluster that requires TLS needs --tls-cert / DWPFARM_TLS_CERTIFICATE"
                : "check that the silos run with TLS and accept this certificate";
            throw new ClusterUnreachableException($"cannot reach the cluster gateway at {gateway} ({ex.GetBaseException().Message.Split('\n')[0]}); {hint}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            _host.Dispose();
        }
    }

    /// <summary>Fails fast when no gateway accepts a TCP connection, instead of waiting out the client's retries.</summary>
    private static async Task ProbeAsync(string gateway, IPEndPoint[] endpoints, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var endpoint in endpoints)
        {
            using var tcp = new TcpClient(endpoint.AddressFamily);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                await tcp.ConnectAsync(endpoint, timeout.Token);
                return;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                errors.Add(ex is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? $"{endpoint}: connection refused"
                    : ex is SocketException se ? $"{endpoint}: {se.SocketErrorCode}"
                    : $"{endpoint}: no answer within {ProbeTimeout.TotalSeconds:0} s");
            }
        }

        throw new ClusterUnreachableException($"cannot reach the cluster gateway at {gateway} ({string.Join(", ", errors)}); start a silo with `./dwpfarm silo` or set --gateway / DWPFARM_GATEWAY");
    }

    private static async Task<IPEndPoint[]> ParseAsync(string gateway, CancellationToken cancellationToken)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var part in gateway.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(part[(colon + 1)..], out var port) || port is < 1 or > 65535)
            {
                throw new ClusterUnreachableException($"gateway '{part}' is not host:port");
            }

            var host = part[..colon].Trim('[', ']');
            try
            {
                // A headless Service's name resolves to every silo: each one is a gateway to fail over to.
                var addresses = IPAddress.TryParse(host, out var ip) ? [ip] : (await Dns.GetHostAddressesAsync(host, cancellationToken)).Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToArray();
                endpoints.AddRange(addresses.Length > 0 ? addresses.Select(a => new IPEndPoint(a, port)) : throw new InvalidOperationException("no IPv4 address"));
            }
            catch (Exception ex) when (ex is SocketException or InvalidOperationException)
            {
                throw new ClusterUnreachableException($"cannot resolve gateway host '{host}'", ex);
            }
        }

        return endpoints.Count > 0 ? [.. endpoints] : throw new ClusterUnreachableException("no gateway given");
    }
}
