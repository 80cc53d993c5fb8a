using System.Globalization;
using DwpFarm.Client.Commands.Data;
using DwpFarm.Data;
using DwpFarm.Dwp.Lab;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>The data of a lab command: the letters split for the sources and the MNIST digits, with their origins and fingerprints.</summary>
internal sealed record LabData(LabInputs Inputs, IReadOnlyDictionary<string, string> Origins, string LettersSha256, string MnistSha256)
{
    private const int LettersTestCount = 2000;

    /// <summary>Loads (or prepares) both data sets; progress goes to stderr when the command prints JSON.</summary>
    public static (LabData Data, Action<string> Log) Load(IAnsiConsole console, LabCommandSettings options)
    {
        var log = ProgressLog.To(console, standardError: options.Json);
        var letters = LettersSource.Load(options.Root, new LettersOptions(), log);
        var (lettersTrain, lettersTest) = DataSplit.Stratified(letters.Images, LettersTestCount, options.Seed);
        var mnist = MnistSource.Load(options.Root, new MnistOptions(), log);
        var origins = new Dictionary<string, string> { ["letters"] = letters.Origin, ["mnist"] = mnist.Origin };
        return (new LabData(new LabInputs(lettersTrain, lettersTest, mnist.Train, mnist.Test), origins, letters.Sha256, mnist.Sha256), log);
    }

    /// <summary>The closing lines of a lab command's table: what the result was computed from, and how long it took.</summary>
    public void WriteFingerprints(IAnsiConsole console, string bankSha256, double seconds)
    {
        console.MarkupLine($"bank sha256 {bankSha256}; letters sha256 {LettersSha256}; mnist sha256 {MnistSha256}");
        console.MarkupLine($"wall time {seconds.ToString("F0", CultureInfo.InvariantCulture)} s");
    }
}
