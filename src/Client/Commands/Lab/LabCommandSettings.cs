using System.ComponentModel;
using DwpFarm.Dwp;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>Options shared by the <c>dwpfarm lab</c> commands: the source nets, the base seed, slots and output.</summary>
public abstract class LabCommandSettings : DataRootSettings
{
    [CommandOption("--sources <S>")]
    [Description("Source nets trained on the letters.")]
    [DefaultValue(4)]
    public int Sources { get; init; } = 4;

    [CommandOption("--source-epochs <E>")]
    [Description("Epochs of each source net on the letters.")]
    [DefaultValue(3)]
    public int SourceEpochs { get; init; } = 3;

    [CommandOption("--source-widths <H0xH1>")]
    [Description("Conv widths of the source nets (the paper's: 256x512).")]
    [DefaultValue("32x64")]
    public string SourceWidths { get; init; } = "32x64";

    [CommandOption("--prune <R>")]
    [Description("Drop bank kernels whose norm is below R × the layer's median norm (0 ≤ R < 1).")]
    [DefaultValue(0.1)]
    public double Prune { get; init; } = 0.1;

    [CommandOption("--vae-steps <K>")]
    [Description("Optimiser steps each kernel VAE aims for (at most 300 epochs).")]
    [DefaultValue(600)]
    public int VaeSteps { get; init; } = 600;

    [CommandOption("--seed <N>")]
    [Description("Base seed of the whole run.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    [CommandOption("--slots <N>")]
    [Description("Concurrent training slots (default: one per core).")]
    public int? Slots { get; init; }

    [CommandOption("--json")]
    [Description("Print the result as one JSON line on stdout; progress goes to stderr.")]
    public bool Json { get; init; }

    /// <summary>The front (sources, bank, VAEs) these options ask for.</summary>
    public Dwp.Lab.LabSettings Front() => new()
    {
        Sources = Sources,
        SourceEpochs = SourceEpochs,
        SourceWidths = FConvWidths.Parse(SourceWidths),
        Pruning = new KernelPruning(RelativeToMedian: Prune),
        VaeSteps = VaeSteps,
        Seed = Seed,
        Slots = Slots ?? Environment.ProcessorCount,
    };

    public override ValidationResult Validate()
    {
        try
        {
            FConvWidths.Parse(SourceWidths);
        }
        catch (DwpException ex)
        {
            return ValidationResult.Error($"--source-widths: {ex.Message}");
        }

        return Sources < 1 ? ValidationResult.Error("--sources must be at least 1")
            : SourceEpochs < 1 ? ValidationResult.Error("--source-epochs must be at least 1")
            : !(Prune >= 0 && Prune < 1) ? ValidationResult.Error("--prune must be at least 0 and below 1")
            : Slots is < 1 ? ValidationResult.Error("--slots must be at least 1")
            : VaeSteps < 1 ? ValidationResult.Error("--vae-steps must be at least 1")
            : ValidationResult.Success();
    }
}
