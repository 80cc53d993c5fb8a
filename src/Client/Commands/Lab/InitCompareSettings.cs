using System.ComponentModel;
using DwpFarm.Grains.Interfaces.Specs;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// Options of <c>dwpfarm lab init-compare</c>: an init-mode spec at the seed's settings (Adam at 1e-3, batch 64,
/// the first 100 steps, 10 target seeds) over 3 independent fronts. A learning rate at which DWP happens to win
/// on one machine is a finding (docs/results.md), never the default.
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

    protected override string Name => "lab-init-compare";

    protected override int DefaultFronts => 3;

    protected override IEnumerable<LabFlag> ExperimentFlags() =>
    [
        .. base.ExperimentFlags(), new("--train-size", TrainSize is not null, "evaluation.trainSizes"), new("--lr", Lr is not null, "evaluation.lr"),
        new("--steps", Steps is not null, "evaluation.steps"), new("--batch", Batch is not null, "evaluation.batch"),
        new("--seeds", Seeds is not null, "evaluation.seeds", "evaluation"),
    ];

    protected override EvaluationSpec Evaluation(EvaluationSpec defaults) => defaults with
    {
        Mode = EvaluationMode.Init,
        TrainSizes = [TrainSize ?? 8000],
        Seeds = Seeds ?? 10,
        Steps = Steps ?? 100,
        EvalEvery = 50,
        Batch = Batch ?? 64,
        Lr = Lr ?? 1e-3,
    };
}
