using System.Diagnostics;
using System.Text.Json;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Data;
using DwpFarm.Dwp.Images;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Data;

/// <summary><c>dwpfarm data prepare</c>: loads (and on first use downloads, generates and caches) MNIST and the letters.</summary>
public sealed class DataPrepareCommand(IAnsiConsole console) : Command<DataPrepareSettings>
{
    public override int Execute(CommandContext context, DataPrepareSettings settings, CancellationToken cancellationToken)
    {
        var root = settings.Root;
        var log = ProgressLog.To(console, standardError: settings.Json);

        var clock = Stopwatch.StartNew();
        var mnist = MnistSource.Load(root, settings.MnistOptions, log);
        var mnistSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var letters = LettersSource.Load(root, settings.LettersOptions, log);
        var lettersSeconds = clock.Elapsed.TotalSeconds;

        if (settings.Json)
        {
            var summary = new
            {
                mnist = new { train = mnist.Train.Count, test = mnist.Test.Count, sha256 = mnist.Sha256 },
                letters = new { images = letters.Images.Count, fonts = letters.Fonts.Count, sha256 = letters.Sha256 },
            };

            // The raw writer: Spectre would wrap a long line at the console width.
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(summary));
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("set", "images", "per class", "seconds");
        table.AddRow("mnist", $"{mnist.Train.Count} train / {mnist.Test.Count} test", PerClass(mnist.Train), $"{mnistSeconds:0.0}");
        table.AddRow("letters", $"{letters.Images.Count}", PerClass(letters.Images), $"{lettersSeconds:0.0}");
        console.Write(table);

        // Plain lines, not table cells: hashes and paths are copied from here, so they must not wrap.
        console.MarkupLine($"mnist sha256 {mnist.Sha256}");
        console.MarkupLine($"mnist origin {Markup.Escape(mnist.Origin)}");
        console.MarkupLine($"letters sha256 {letters.Sha256}");
        console.MarkupLine($"letters origin {Markup.Escape(letters.Origin)}");
        console.MarkupLine(letters.Fonts.Count > 0
            ? $"letters: {letters.Fonts.Count} fonts kept; dropped {letters.Dropped.Describe()}"
            : $"letters: {letters.SkippedFiles} unreadable files skipped");
        console.MarkupLine($"data folder: {Markup.Escape(root.Path)}");
        return ExitCodes.Ok;
    }

    private static string PerClass(ImageSet set) => string.Join(" ", set.ClassCounts());
}
