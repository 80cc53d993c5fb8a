using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Farm;

/// <summary>
/// Follows a sweep through its watch stream: live bars per phase on a terminal; otherwise a line per change of phase
/// or counts, and at most one every ten seconds between (<see cref="ProgressCadence"/>).
/// </summary>
public sealed class SweepWatcher(IAnsiConsole console, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public async Task<SweepStatus> WatchAsync(IGrainFactory grains, string sweepId, CancellationToken cancellationToken)
    {
        var sweep = grains.GetGrain<ISweepGrain>(sweepId);
        SweepStatus? last = null;
        if (!console.Profile.Capabilities.Interactive)
        {
            return await LogAsync(sweep.WatchAsync(Interval, cancellationToken), cancellationToken) ?? await sweep.GetStatusAsync();
        }

        await console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var tasks = new Dictionary<SweepPhase, ProgressTask>();
                await foreach (var status in sweep.WatchAsync(Interval, cancellationToken))
                {
                    foreach (var phase in status.Phases)
                    {
                        if (!tasks.TryGetValue(phase.Phase, out var task))
                        {
                            task = tasks[phase.Phase] = ctx.AddTask(phase.Phase.ToString(), maxValue: 1);
                        }

                        task.Description = SweepStatusView.Describe(phase);
                        task.Value = phase.Fraction;
                    }

                    last = status;
                }
            });
        last ??= await sweep.GetStatusAsync();
        console.Write(SweepStatusView.Table(last));
        return last;
    }

    /// <summary>Prints the lines a log gets from <paramref name="statuses"/>; the last status, or null for none.</summary>
    internal async Task<SweepStatus?> LogAsync(IAsyncEnumerable<SweepStatus> statuses, CancellationToken cancellationToken)
    {
        var log = new ProgressCadence(time);
        SweepStatus? last = null;
        await foreach (var status in statuses.WithCancellation(cancellationToken))
        {
            if (log.ShouldPrint(status))
            {
                console.WriteLine(SweepStatusView.Line(status));
            }

            last = status;
        }

        return last;
    }
}
