using System.Text.Json.Nodes;
using DwpFarm.Client.Commands.Lab;
using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Lab;
using DwpFarm.Farm.Tests.Processes;

namespace DwpFarm.Farm.Tests;

/// <summary><c>lab init-compare --json</c>: the same settings and seeds print the same numbers on 1 slot and on 2, run after run.</summary>
public sealed class LabReproducibilityTests
{
    [Fact]
    public void Init_compare_json_is_bit_identical_with_one_and_two_slots_twice_in_a_row()
    {
        var inputs = new LabInputs(
            SyntheticMnist.Make(200, new Random(1)), SyntheticMnist.Make(40, new Random(2)), SyntheticMnist.Make(200, new Random(3)), SyntheticMnist.Make(60, new Random(4)));
        var settings = new LabSettings
        {
            Sources = 3,
            SourceWidths = new(4, 8),
            SourceEpochs = 1,
            SourceBatchSize = 32,
            VaeSteps = 6,
            Repeats = 2,
            Target = new InitComparisonOptions { Widths = new(4, 8), TrainCount = 80, BatchSize = 16, Steps = 12, EvalSteps = [0, 6, 12] },
        };

        string Run(int slots)
        {
            var report = InitComparePipeline.Run(inputs, settings with { Slots = slots }, _ => { }, CancellationToken.None);
            var json = LabReportJson.From(report, seconds: 0, new Dictionary<string, string>());

            // Wall time and the slot count are how it ran, not what it found. The curves are compared in full
            // precision too, since the JSON rounds to 4 digits.
            json.Remove("stage_seconds");
            ((JsonObject)json["settings"]!).Remove("slots");
            var curves = report.Curves.OrderBy(c => c.Method).ThenBy(c => c.Seed)
                .Select(c => $"{c.Method} {c.Seed} {string.Join(' ', c.Points.Select(p => BitConverter.DoubleToInt64Bits(p.Accuracy)))}");
            return json.ToJsonString() + "\n" + string.Join("\n", curves);
        }

        string[] runs = [Run(1), Run(1), Run(2), Run(2)];

        Assert.All(runs, r => Assert.Equal(runs[0], r));
    }
}
