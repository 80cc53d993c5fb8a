using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Farm;

/// <summary>Follows a sweep through its watch stream: live bars per phase on a terminal, a line per change otherwise.</summary>
public sealed class SweepWatcher(IAnsiConsole console)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public async Task<SweepStatus> WatchAsync(IGrainFactory grains, string sweepId, CancellationToken cancellationToken)
    {
        var sweep = grains.GetGrain<ISweepGrain>(sweepId);
        SweepStatus? last = null;
        if (!console.Profile.Capabilities.Interactive)
        {
            await foreach (var status in sweep.WatchAsync(Interval, cancellationToken))
            {
                console.WriteLine(SweepStatusView.Line(status));
                last = status;
            }

            return last ?? await sweep.GetStatusAsync();
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
}
