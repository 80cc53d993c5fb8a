using System.ComponentModel;
using Spectre.Console;
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

    [CommandOption("--fit-kernels <N,...>")]
    [Description("With --fit: fit on the first N of one seeded shuffle of their training kernels, one row per N, so each set holds the smaller ones; N = all of them fits the whole bank in its own order, as plain --fit does (the default). How many kernels a VAE needs before its samples are as diverse as the bank.")]
    public string? FitKernels { get; init; }

    [CommandOption("--fit-epochs <N>")]
    [Description("With --fit: epochs of each fit (default 300, the authors'). A smaller set gets fewer steps per epoch.")]
    public int? FitEpochs { get; init; }

    /// <summary>The kernel counts to fit on; null for the whole bank.</summary>
    public IReadOnlyList<int>? FitKernelCounts => FitKernels is null ? null : FlagLists.PositiveInts(FitKernels);

    [CommandOption("--pull")]
    [Description("Also measure where each VAE pulls kernels (as the spec's prior.pull: 32 samples moved up its ELBO for a bayes run's default schedule), about half a minute a VAE.")]
    public bool Pull { get; init; }

    [CommandOption("--no-install")]
    [Description("Only score the folder. By default a folder that loads is also copied into the data folder (prior/, one folder per content), where `lab fewshot` finds it.")]
    public bool NoInstall { get; init; }

    [CommandOption("--json")]
    [Description("Print the measurements as one JSON line.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        !Fit && (FitKernels is not null || FitEpochs is not null) ? ValidationResult.Error("--fit-kernels and --fit-epochs shape the fit: give --fit too")
            : FitKernels is not null && FitKernelCounts is null ? ValidationResult.Error($"--fit-kernels must be whole numbers of at least 1 separated by commas, got '{FitKernels}'")
            : FitEpochs is < 1 ? ValidationResult.Error($"--fit-epochs must be at least 1, got {FitEpochs}")
            : base.Validate();
}
