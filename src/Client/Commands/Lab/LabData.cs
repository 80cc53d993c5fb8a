using DwpFarm.Client.Commands.Data;
using DwpFarm.Dwp.Data;
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
}
