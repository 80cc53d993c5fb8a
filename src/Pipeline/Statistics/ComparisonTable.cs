namespace DwpFarm.Pipeline.Statistics;

/// <summary>The DWP-versus-baselines table for one train size: accuracy at each step, per method (or prior).</summary>
public sealed record ComparisonTable(int TrainSize, IReadOnlyList<int> Steps, IReadOnlyDictionary<string, MethodCurve> Methods)
{
    /// <summary><paramref name="method"/> against <paramref name="baseline"/> at each of <paramref name="steps"/> this table has.</summary>
    public IReadOnlyList<Verdict> Versus(string method, string baseline, IEnumerable<int> steps)
    {
        if (!Methods.TryGetValue(method, out var measured) || !Methods.TryGetValue(baseline, out var reference))
        {
            return [];
        }

        var index = Steps.ToList();
        return [.. steps.Where(index.Contains).Select(step =>
        {
            var i = index.IndexOf(step);
            return Verdict.Of(method, measured.Points[i], baseline, reference.Points[i], TrainSize, step);
        })];
    }
}
