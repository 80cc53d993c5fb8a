using System.Globalization;
using DwpFarm.Client.Commands.Data;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Client.Specs;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Training;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Pipeline.Trajectory;
using DwpFarm.Pipeline.Units;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// <c>dwpfarm lab trajectory</c>: one source net trained for many epochs, its kernels' statistics recorded at every
/// epoch, to tell how many epochs and how much width a front needs before its kernels stop being initial noise.
/// </summary>
public sealed class TrajectoryCommand(IAnsiConsole console, ISpecEnvironment environment) : AsyncCommand<TrajectorySettings>
{
    /// <summary>The DWP authors' source recipe (train-net.py), at a width these machines train in under an hour.</summary>
    public static SourceSpec AuthorsRecipe { get; } = new()
    {
        Widths = [128, 64],
        Epochs = 100,
        Batch = 256,
        Lr = 1e-3,
        LrDecay = LearningRateDecay.Epoch,
        L2 = 1e-3,
        L2Biases = true,
    };

    public override async Task<int> ExecuteAsync(CommandContext context, TrajectorySettings settings, CancellationToken cancellationToken)
    {
        var log = ProgressLog.To(console, standardError: false);
        var source = settings.Spec is { } path ? (await SweepSpecReader.LoadAsync(path, environment, cancellationToken)).Spec.Source : AuthorsRecipe;
        if (settings.Widths is { } widths)
        {
            var parsed = FConvWidths.Parse(widths);
            source = source with { Widths = [parsed.Conv1, parsed.Conv2] };
        }

        source = source with { Epochs = settings.Epochs ?? source.Epochs };
        var data = new SpecDataSets(settings.Root);
        data.Letters(source, log);
        var points = await Task.Run(
            () =>
            {
                TorchThreads.ConfigureCurrentThread(settings.Threads);
                return SourceTrajectory.Run(source, data, settings.Out, log, cancellationToken: cancellationToken);
            },
            cancellationToken);
        var last = points[^1];
        log(string.Create(CultureInfo.InvariantCulture, $"{points.Count} epochs in {Path.GetFullPath(Path.Combine(settings.Out, SourceTrajectory.TrajectoryFile))}; last test accuracy {last.TestAccuracy:F4}"));
        return ExitCodes.Ok;
    }
}
