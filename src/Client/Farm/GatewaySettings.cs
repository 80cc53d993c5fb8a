using System.ComponentModel;
using System.Globalization;
using DwpFarm.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Farm;

/// <summary>Options of every command that talks to a running cluster.</summary>
public class GatewaySettings : CommandSettings
{
    public const string EnvironmentVariable = "DWPFARM_GATEWAY";
    public const string DefaultGateway = "127.0.0.1:30000";

    [CommandOption("--gateway <HOST:PORT>")]
    [Description("Client gateway of any silo; several separated by commas (default: DWPFARM_GATEWAY or 127.0.0.1:30000).")]
    public string? Gateway { get; init; }

    public const string TlsCertificateVariable = "DWPFARM_TLS_CERTIFICATE";
    public const string TlsPasswordVariable = "DWPFARM_TLS_PASSWORD";
    public const string TlsAuthorityVariable = "DWPFARM_TLS_AUTHORITY";

    [CommandOption("--tls-cert <PFX>")]
    [Description("Client certificate (.pfx) for a cluster that requires mutual TLS (default: DWPFARM_TLS_CERTIFICATE; password in DWPFARM_TLS_PASSWORD, authority PEM in DWPFARM_TLS_AUTHORITY).")]
    public string? TlsCertificate { get; init; }

    /// <summary>The client's TLS settings; disabled when no certificate is given.</summary>
    public ClusterTlsOptions ResolveTls() => new()
    {
        CertificatePath = !string.IsNullOrWhiteSpace(TlsCertificate) ? TlsCertificate : Environment.GetEnvironmentVariable(TlsCertificateVariable),
        CertificatePassword = Environment.GetEnvironmentVariable(TlsPasswordVariable),
        AuthorityPath = Environment.GetEnvironmentVariable(TlsAuthorityVariable),
    };

    public const string ConnectTimeoutVariable = "DWPFARM_CONNECT_TIMEOUT";
    public const double DefaultConnectTimeoutSeconds = 30;

    [CommandOption("--connect-timeout <SECONDS>")]
    [Description("How long to wait for a gateway that accepted the connection to answer; busy silos can take a while (default: DWPFARM_CONNECT_TIMEOUT or 30).")]
    public string? ConnectTimeout { get; init; }

    /// <summary>The connect limit from the flag, else the environment, else the default; null when the value given is not a number of seconds in (0, 3600].</summary>
    public TimeSpan? ResolveConnectTimeout()
    {
        var text = !string.IsNullOrWhiteSpace(ConnectTimeout) ? ConnectTimeout : Environment.GetEnvironmentVariable(ConnectTimeoutVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.FromSeconds(DefaultConnectTimeoutSeconds);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    public override ValidationResult Validate() =>
        ResolveConnectTimeout() is null
            ? ValidationResult.Error($"--connect-timeout / {ConnectTimeoutVariable} must be a number of seconds in (0, 3600], got '{(!string.IsNullOrWhiteSpace(ConnectTimeout) ? ConnectTimeout : Environment.GetEnvironmentVariable(ConnectTimeoutVariable))}'")
            : ValidationResult.Success();

    public string ResolveGateway() =>
        !string.IsNullOrWhiteSpace(Gateway) ? Gateway
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv
        : DefaultGateway;
}
