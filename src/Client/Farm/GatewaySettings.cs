using System.ComponentModel;
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

    public string ResolveGateway() =>
        !string.IsNullOrWhiteSpace(Gateway) ? Gateway
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv
        : DefaultGateway;
}
