using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Lab;
using DwpFarm.Dwp.Models;

namespace DwpFarm.Dwp.Tests.Ml;

public sealed class InitComparePipelineTests
{
    /// <summary>A whole lab run in seconds, for this class and the finalizer probe.</summary>
    internal static readonly LabSettings Tiny = new()
    {
        Sources = 2,
        SourceWidths = new FConvWidths(4, 8),
        SourceEpochs = 1,
        SourceBatchSize = 32,
        VaeSteps = 3,
        Repeats = 2,
        Slots = 2,
        Target = new InitComparisonOptions { Widths = new FConvWidths(4, 8), TrainCount = 60, BatchSize = 16, Steps = 10, EvalSteps = [0, 5, 10] },
    };

    internal static LabInputs TinyInputs()
        => new(SyntheticImages.Make(200, 1), SyntheticImages.Make(40, 2), SyntheticImages.Make(100, 3), SyntheticImages.Make(40, 4));

    [Fact]
    public void The_whole_pipeline_runs_on_slots_and_the_same_seed_gives_the_same_report()
    {
        var inputs = TinyInputs();

        var a = InitComparePipeline.Run(inputs, Tiny);
        var b = InitComparePipeline.Run(inputs, Tiny);

        Assert.Equal([InitMethod.Dwp, InitMethod.Filters, InitMethod.Xavier, InitMethod.Default], a.Methods.Keys);
        Assert.All(a.Methods.Values, m => Assert.Equal([0, 5, 10], m.Steps));
        Assert.All(a.Methods.Values, m => Assert.Equal(2, m.N));
        Assert.Equal(8, a.Curves.Count);
        Assert.Equal(a.Bank.Sha256, b.Bank.Sha256);
        Assert.Equal(a.Curves.Select(c => c.Points), b.Curves.Select(c => c.Points));

        // The acceptance check only speaks of steps 50 and 100, which this schedule does not have.
        Assert.Empty(LabVerdict.DwpBeatsXavier(a));
    }

    [Fact]
    public void Dwp_beats_xavier_only_by_more_than_the_sum_of_standard_errors()
    {
        int[] steps = [0, 50, 100];
        var dwp = MethodSummary.Of(steps, [[0.1, 0.70, 0.80], [0.1, 0.72, 0.80], [0.1, 0.74, 0.80], [0.1, 0.76, 0.80]]);
        var xavier = MethodSummary.Of(steps, [[0.1, 0.60, 0.79], [0.1, 0.62, 0.80], [0.1, 0.64, 0.81], [0.1, 0.66, 0.80]]);
        var verdicts = LabVerdict.DwpBeatsXavier(new Dictionary<InitMethod, MethodSummary> { [InitMethod.Dwp] = dwp, [InitMethod.Xavier] = xavier });

        Assert.Equal([50, 100], verdicts.Select(v => v.Step));
        Assert.True(verdicts[0].Holds, $"0.73 vs 0.63 with SE {verdicts[0].Margin}");
        Assert.False(verdicts[1].Holds);
        Assert.Equal(0.0258, dwp.Std[1], 4);
    }
}
