using DwpFarm.Client.Infrastructure;
using DwpFarm.Data;
using DwpFarm.Imaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Data;

/// <summary><c>dwpfarm data show letters|mnist --out grid.png</c>: a PNG grid with one labelled row per class.</summary>
public sealed class DataShowCommand(IAnsiConsole console) : Command<DataShowSettings>
{
    public override int Execute(CommandContext context, DataShowSettings settings, CancellationToken cancellationToken)
    {
        var root = settings.Root;
        var log = ProgressLog.To(console, standardError: false);

        var (set, title) = settings.Dataset == DataShowSettings.Mnist
            ? (MnistSource.Load(root, settings.MnistOptions, log).Train, "MNIST (train)")
            : (LettersSource.Load(root, settings.LettersOptions, log).Images, "letters");

        var path = Path.GetFullPath(settings.Out!);
        ImageGrid.OfClasses(set, settings.PerClass, title).Save(path);
        console.MarkupLine($"wrote {Markup.Escape(path)} ({set.ClassNames.Count} classes × up to {settings.PerClass} images)");
        return ExitCodes.Ok;
    }
}
