using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Statistics;

/// <summary>
/// The comparison tables of a sweep's completed evaluations, one per train size, and the method's two
/// acceptance checks on them. The report, the CLI and the lab all read their numbers from here. With several
/// fronts every cell is taken over the fronts' means, so its standard error is that of a front.
/// </summary>
public static class Comparisons
{
    /// <summary>The init-mode check: DWP against Xavier at steps 50 and 100.</summary>
    public static readonly IReadOnlyList<int> InitCheckedSteps = [50, 100];

    /// <summary>The bayes-mode check: DWP against N(0, 1) at N = 50 and 100.</summary>
    public static readonly IReadOnlyList<int> BayesCheckedSizes = [50, 100];

    public static IReadOnlyList<ComparisonTable> Of(SweepReport report) =>
        Build(report.Units.Select(u => u.Result).OfType<EvaluationResult>(), report.Spec.Evaluation.Arms);

    public static IReadOnlyList<ComparisonTable> Build(IEnumerable<EvaluationResult> results, IReadOnlyList<string> arms)
    {
        var tables = new List<ComparisonTable>();
        foreach (var bySize in results.GroupBy(r => r.TrainSize).OrderBy(g => g.Key))
        {
            // Curves of one size share their steps; methods missing a step are left out of the table.
            var steps = bySize.First().Steps;
            var methods = new Dictionary<string, MethodCurve>();
            foreach (var arm in arms)
            {
                var runs = bySize.Where(r => r.Method == arm && r.Steps.SequenceEqual(steps)).OrderBy(r => r.Front).ThenBy(r => r.Seed).ToList();
                if (runs.Count == 0)
                {
                    continue;
                }

                // Over several fronts the unit of evidence is a front: each front's mean over its seeds, then their spread (n = fronts).
                var fronts = runs.GroupBy(r => r.Front).ToList();
                methods[arm] = new MethodCurve([.. steps.Select((_, i) => fronts.Count > 1
                    ? Summary.Of([.. fronts.Select(f => f.Average(r => r.Accuracy[i]))])
                    : Summary.Of([.. runs.Select(r => r.Accuracy[i])]))]);
            }

            tables.Add(new ComparisonTable(bySize.Key, steps, methods));
        }

        return tables;
    }

    /// <summary>The acceptance checks of the sweep's mode: dwp − xavier at steps 50 and 100, or dwp − sn at N = 50 and 100.</summary>
    public static IReadOnlyList<Verdict> Checks(IReadOnlyList<ComparisonTable> tables, EvaluationMode mode) =>
        mode == EvaluationMode.Bayes
            ? [.. tables.Where(t => BayesCheckedSizes.Contains(t.TrainSize)).SelectMany(t => t.Versus("dwp", "sn", [t.Steps[^1]]))]
            : [.. tables.SelectMany(t => t.Versus("dwp", "xavier", InitCheckedSteps))];
}
