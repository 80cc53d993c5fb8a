using System.Globalization;
using System.Text.Json;
using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Cluster;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Sweep;

/// <summary>Prints what a sweep's unit attempts did (where they ran, their milestones, how they ended), oldest first.</summary>
public sealed class SweepLogsCommand(IAnsiConsole console) : FarmCommand<SweepLogsSettings>
{
    private static readonly TimeSpan FollowPoll = TimeSpan.FromSeconds(2);

    protected override async Task<int> ExecuteAsync(IGrainFactory grains, SweepLogsSettings settings, CancellationToken cancellationToken)
    {
        var (sweep, _) = await SweepLookup.RequireAsync(grains, settings.SweepId);
        var reader = grains.GetGrain<IUnitLogReaderGrain>(0);
        var after = 0L;
        var printed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Read the sweep's phase before the page: a sweep finished by then has written its last line.
            var finished = settings.Follow && (await sweep.GetStatusAsync()).Phase.IsFinished();
            var page = await reader.ReadAsync(settings.SweepId, settings.UnitPrefix, after);
            foreach (var line in page)
            {
                Print(line, settings);
                after = line.Id;
                printed++;
            }

            if (page.Count > 0 && page.Count == IUnitLogReaderGrain.PageSize)
            {
                continue;
            }

            if (!settings.Follow || finished)
            {
                break;
            }

            await Task.Delay(FollowPoll, cancellationToken);
        }

        if (printed == 0 && !settings.Json)
        {
            await Console.Error.WriteLineAsync(settings.UnitPrefix is null ? $"no log lines yet for sweep {settings.SweepId}" : $"no log lines for units {settings.UnitPrefix}");
        }

        return 0;
    }

    private void Print(UnitLogLine line, SweepLogsSettings settings)
    {
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(line, JsonOutput.Options));
            return;
        }

        var unit = line.UnitId[(settings.SweepId.Length + 1)..];
        var level = line.Level == "Info" ? string.Empty : line.Level.ToUpperInvariant() + " ";
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{line.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {unit} #{line.Attempt} {line.Silo}: {level}{line.Message}"));
    }
}
