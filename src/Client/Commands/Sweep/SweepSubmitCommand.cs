using DwpFarm.Client.Farm;
using DwpFarm.Client.Specs;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Sweep;

/// <summary>Validates a spec locally, then starts it as a sweep and prints its id.</summary>
public sealed class SweepSubmitCommand(ISpecEnvironment environment, SweepWatcher watcher) : AsyncCommand<SweepSubmitSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SweepSubmitSettings settings, CancellationToken cancellationToken)
    {
        // Every problem is reported before the cluster is even contacted.
        var (spec, text) = await SweepSpecReader.LoadAsync(settings.SpecPath, environment, cancellationToken);

        await using var connection = await FarmConnection.ConnectAsync(settings, cancellationToken);
        var id = SweepIds.New(spec.Name, DateTimeOffset.UtcNow);
        await connection.Grains.GetGrain<ISweepGrain>(id).SubmitAsync(spec, text);
        Console.Out.WriteLine(id);
        if (!settings.Watch)
        {
            return 0;
        }

        var status = await watcher.WatchAsync(connection.Grains, id, cancellationToken);
        return SweepOutcome.ExitCode(status);
    }
}
