using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Sweeps;

/// <summary>Turns completed evaluation results into mean ± std accuracy tables, one per train size.</summary>
public static class ComparisonBuilder
{
    public static IReadOnlyList<ComparisonTable> Build(IEnumerable<EvaluationResult> results, IReadOnlyList<string> methodOrder)
    {
        var tables = new List<ComparisonTable>();
        foreach (var bySize in results.GroupBy(r => r.TrainSize).OrderBy(g => g.Key))
        {
            // Curves of one size share their steps; methods missing a step are left out of the table.
            var steps = bySize.First().Steps;
            var methods = new Dictionary<string, MethodCurve>();
            foreach (var method in methodOrder)
            {
                var runs = bySize.Where(r => r.Method == method && r.Steps.SequenceEqual(steps)).OrderBy(r => r.Seed).ToList();
                if (runs.Count == 0)
                {
                    continue;
                }

                var mean = new double[steps.Count];
                var std = new double[steps.Count];
                for (var i = 0; i < steps.Count; i++)
                {
                    var values = runs.Select(r => r.Accuracy[i]).ToList();
                    mean[i] = values.Average();
                    std[i] = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean[i]) * (v - mean[i])) / (values.Count - 1)) : 0;
                }

                methods[method] = new MethodCurve(mean, std, runs.Count);
            }

            tables.Add(new ComparisonTable(bySize.Key, steps, methods));
        }

        return tables;
    }
}
