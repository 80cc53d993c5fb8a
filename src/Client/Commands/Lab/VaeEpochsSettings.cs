using System.ComponentModel;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Plan;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// Options of <c>dwpfarm lab vae-epochs</c>: the front of the lab's flags or of <c>--spec</c>, and the lengths at which
/// one layer's VAE is refitted on its banks.
/// </summary>
public sealed class VaeEpochsSettings : LabCommandSettings
{
    [CommandOption("--vae-epochs <LIST>")]
    [Description("The VAE's lengths to fit, comma-separated whole epochs over the layer's training kernels (e.g. 300,600,1000).")]
    public string VaeEpochs { get; init; } = "";

    [CommandOption("--layer <LAYER>")]
    [Description("The layer whose VAE is refitted: conv1 (default) or conv2.")]
    public string Layer { get; init; } = PhaseTable.Layers[0];

    /// <summary>The lengths <c>--vae-epochs</c> names (validation has held them to whole numbers of at least 1).</summary>
    public IReadOnlyList<int> Epochs => FlagLists.PositiveInts(VaeEpochs) ?? [];

    protected override string Name => "lab-vae-epochs";

    // Nothing is evaluated: the spec's default evaluation only completes it.
    protected override EvaluationSpec Evaluation(EvaluationSpec defaults) => defaults;

    public override ValidationResult Validate()
    {
        if (FlagLists.PositiveInts(VaeEpochs) is null)
        {
            return ValidationResult.Error($"--vae-epochs must be whole numbers of epochs, each at least 1, like 300,600,1000; got '{VaeEpochs}'");
        }

        if (!PhaseTable.Layers.Contains(Layer))
        {
            return ValidationResult.Error($"--layer must be {string.Join(" or ", PhaseTable.Layers)}, got '{Layer}'");
        }

        if (VaeSteps is not null)
        {
            return ValidationResult.Error("--vae-steps: each fit here runs the whole epochs --vae-epochs names");
        }

        if (Prior is not null && Prior != "own")
        {
            return ValidationResult.Error("--prior: the published prior's bank is refitted by `dwpfarm prior import DIR --fit --fit-epochs E`; this command refits a front it builds");
        }

        return base.Validate();
    }
}
