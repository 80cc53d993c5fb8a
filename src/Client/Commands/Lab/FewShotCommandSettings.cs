using System.ComponentModel;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Grains.Interfaces.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>Options of <c>dwpfarm lab fewshot</c>: a bayes-mode spec, the authors' few-shot table.</summary>
public sealed class FewShotCommandSettings : LabCommandSettings
{
    [CommandOption("--sizes <LIST>")]
    [Description("evaluation.trainSizes, comma-separated (default the authors': 50,100,200,500,1000).")]
    public string? Sizes { get; init; }

    [CommandOption("--priors <LIST>")]
    [Description("evaluation.priors, comma-separated prior names (default the spec's; a wrong name lists them all).")]
    public string? Priors { get; init; }

    [CommandOption("--seeds <R>")]
    [Description("evaluation.seeds: runs per (size, prior) (default 3).")]
    public int? Seeds { get; init; }

    [CommandOption("--steps <T>")]
    [Description("evaluation.steps: optimiser steps per run, Adam 1e-3 decayed linearly to 0 (default 1000).")]
    public int? Steps { get; init; }

    [CommandOption("--batch <B>")]
    [Description("evaluation.batch: batch size, capped at N (default 64).")]
    public int? Batch { get; init; }

    [CommandOption("--dwp-kernels <M>")]
    [Description("evaluation.dwpKernels: kernels per conv layer and step in the DWP term's unbiased estimate (default 512; the sum over 512 of conv2's 4,096 kernels × 8; 0 = every kernel, as the authors and the spec's default, costs about 2 s a step on a CPU core).")]
    public int? DwpKernels { get; init; }

    [CommandOption("--kl-weight <W>")]
    [Description("evaluation.klWeight: factor on the KL term (default 1, the method; other values only diagnose a prior).")]
    public double? KlWeight { get; init; }

    [CommandOption("--init <METHOD>")]
    [Description("evaluation.meanInit: where conv means start: auto (each prior's own kernels where it has an initialiser of them, else Xavier) or an initialiser's name (default auto).")]
    public string? Init { get; init; }

    /// <summary>The lab's default sample of kernels in the DWP term (the spec's default, 0, takes every kernel).</summary>
    public const int LabDwpKernels = 512;

    protected override string Name => "lab-fewshot";

    protected override bool PrefersPublishedPrior => true;

    protected override IEnumerable<LabFlag> ExperimentFlags() =>
    [
        .. base.ExperimentFlags(), new("--sizes", Sizes is not null, "evaluation.trainSizes"), new("--priors", Priors is not null, PriorsField),
        new("--steps", Steps is not null, "evaluation.steps"), new("--batch", Batch is not null, "evaluation.batch"),
        new("--dwp-kernels", DwpKernels is not null, "evaluation.dwpKernels"), new("--kl-weight", KlWeight is not null, "evaluation.klWeight"),
        new("--init", Init is not null, "evaluation.meanInit"), new("--seeds", Seeds is not null, "evaluation.seeds", "evaluation"),
    ];

    protected override EvaluationSpec Evaluation(EvaluationSpec defaults) => defaults with
    {
        Mode = EvaluationMode.Bayes,
        TrainSizes = Sizes is null ? [50, 100, 200, 500, 1000] : FlagLists.Ints(Sizes)!,
        Priors = Priors is null ? defaults.Priors : ParseNames<WeightPriorKind>(Priors, PriorsField).Values,
        Seeds = Seeds ?? 3,
        Steps = Steps ?? 1000,
        Batch = Batch ?? defaults.Batch,
        // Every kernel costs 8 times the VAE passes; on 2 cores the unbiased estimate is what makes the table fit a session.
        DwpKernels = DwpKernels ?? LabDwpKernels,
        KlWeight = KlWeight ?? defaults.KlWeight,
        MeanInit = Init ?? defaults.MeanInit,
    };

    protected override IEnumerable<SpecError> NameErrors() => Priors is null ? [] : ParseNames<WeightPriorKind>(Priors, PriorsField).Errors;

    private const string PriorsField = "evaluation.priors";

    public override ValidationResult Validate() =>
        Sizes is not null && FlagLists.Ints(Sizes) is null ? ValidationResult.Error($"--sizes must be whole numbers separated by commas, got '{Sizes}'") : base.Validate();
}
