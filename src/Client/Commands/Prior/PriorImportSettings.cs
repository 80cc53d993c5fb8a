using System.ComponentModel;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Prior;

/// <summary>Options of <c>dwpfarm prior import</c>.</summary>
public sealed class PriorImportSettings : DataRootSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("A folder in the authors' data/fconv layout: vae7x7/vae_params.torch, vae5x5/vae_params.torch, conv7x7/{train,test}.npy, conv5x5/test.npy.")]
    public string Folder { get; init; } = string.Empty;

    [CommandOption("--fit")]
    [Description("Also fit our VAE on each published training bank (the authors' settings: 300 epochs, batch 128, Adam 1e-3) and score it beside theirs: the yardstick of our VAE code.")]
    public bool Fit { get; init; }

    [CommandOption("--no-install")]
    [Description("Only score the folder. By default a folder that loads is also copied into the data folder (prior/, one folder per content), where `lab fewshot` finds it.")]
    public bool NoInstall { get; init; }

    [CommandOption("--json")]
    [Description("Print the measurements as one JSON line.")]
    public bool Json { get; init; }
}
