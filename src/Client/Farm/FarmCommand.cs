using Spectre.Console.Cli;

namespace DwpFarm.Client.Farm;

/// <summary>A command that runs against a cluster through its gateway.</summary>
public abstract class FarmCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : GatewaySettings
{
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await FarmConnection.ConnectAsync(settings, cancellationToken);
        return await ExecuteAsync(connection.Grains, settings, cancellationToken);
    }

    protected abstract Task<int> ExecuteAsync(IGrainFactory grains, TSettings settings, CancellationToken cancellationToken);
}
