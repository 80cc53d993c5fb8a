using System.ComponentModel;
using DwpFarm.Grains.Interfaces.Specs;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// Options of <c>dwpfarm lab init-compare</c>: the spec's default evaluation (init mode at the seed's settings) over
/// <see cref="LabFront.VerdictFronts"/> independent fronts of the lab front (<see cref="LabFront"/>).
/// </summary>
public sealed class InitCompareSettings : LabCommandSettings
{
    [CommandOption("--seeds <R>")]
    [Description("evaluation.seeds: target runs per initialiser and front (default 10).")]
    public int? Seeds { get; init; }

    [CommandOption("--train-size <N>")]
    [Description("evaluation.trainSizes: MNIST digits each target run draws its batches from (default 8000, the whole pool).")]
    public int? TrainSize { get; init; }

    [CommandOption("--lr <RATE>")]
    [Description("evaluation.lr: Adam's rate of the target runs (default the seed's 1e-3).")]
    public double? Lr { get; init; }

    [CommandOption("--steps <T>")]
    [Description("evaluation.steps: target steps, accuracy every 50 (default the seed's 100).")]
    public int? Steps { get; init; }

    [CommandOption("--batch <B>")]
    [Description("evaluation.batch: target batch size (default the seed's 64).")]
    public int? Batch { get; init; }

    [CommandOption("--scale-to <METHOD>")]
    [Description("evaluation.scaleTo: scale every arm's conv layers to the norm this initialiser draws, so arms differ in structure only (a diagnostic; default own, each method's scale).")]
    public string? ScaleTo { get; init; }

    protected override string Name => "lab-init-compare";

    protected override int DefaultFronts => LabFront.VerdictFronts;

    protected override IEnumerable<LabFlag> ExperimentFlags() =>
    [
        .. base.ExperimentFlags(), new("--train-size", TrainSize is not null, "evaluation.trainSizes"), new("--lr", Lr is not null, "evaluation.lr"),
        new("--steps", Steps is not null, "evaluation.steps"), new("--batch", Batch is not null, "evaluation.batch"),
        new("--scale-to", ScaleTo is not null, "evaluation.scaleTo"), new("--seeds", Seeds is not null, "evaluation.seeds", "evaluation"),
    ];

    // The spec's default evaluation is this command's: init mode at the seed's settings.
    protected override EvaluationSpec Evaluation(EvaluationSpec defaults) => defaults with
    {
        TrainSizes = TrainSize is null ? defaults.TrainSizes : [TrainSize.Value],
        Seeds = Seeds ?? defaults.Seeds,
        Steps = Steps ?? defaults.Steps,
        Batch = Batch ?? defaults.Batch,
        Lr = Lr ?? defaults.Lr,
        ScaleTo = ScaleTo ?? defaults.ScaleTo,
    };
}
