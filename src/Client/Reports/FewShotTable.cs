using DwpFarm.Dwp.Bayes;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Pipeline.Statistics;
using DwpFarm.Vocabulary;

namespace DwpFarm.Client.Reports;

/// <summary>
/// A bayes-mode sweep's measured few-shot table beside the authors' (<see cref="PaperFewShotTable"/>): per prior
/// and train size, mean ± std of the ensemble accuracy over the completed seeds, their count, the authors'
/// number and the difference. Cells without completed units have n = 0 and no mean.
/// </summary>
public sealed record FewShotTable(IReadOnlyList<int> Sizes, IReadOnlyList<FewShotRow> Rows)
{
    /// <summary>The table of a bayes-mode sweep, or null for any other mode.</summary>
    public static FewShotTable? From(SweepReport report)
    {
        var e = report.Spec.Evaluation;
        if (e.Mode != EvaluationMode.Bayes)
        {
            return null;
        }

        var sizes = e.TrainSizes.Order().ToArray();
        var comparisons = Comparisons.Of(report);
        var rows = e.Priors.Select(kind => new FewShotRow(SpecName.Of(kind), sizes.Select(n =>
        {
            var curve = comparisons.FirstOrDefault(c => c.TrainSize == n)?.Methods.GetValueOrDefault(SpecName.Of(kind));
            var paper = PaperFewShotTable.Lookup(kind, n);
            return new FewShotCellView(curve is { N: > 0 } ? curve.Points[^1] : null, paper);
        }).ToArray())).ToArray();
        return new FewShotTable(sizes, rows);
    }

    /// <summary>The table as JSON: sizes, then per prior the measured mean, std and n per size, the authors' numbers and the differences.</summary>
    public object ToJson() => new
    {
        sizes = Sizes,
        priors = Rows.ToDictionary(r => r.Prior, r => new
        {
            mean = r.Cells.Select(c => c.Measured?.Mean),
            std = r.Cells.Select(c => c.Measured?.Std),
            n = r.Cells.Select(c => c.Measured?.N ?? 0),
            paper = r.Cells.Select(c => c.Paper),
            difference = r.Cells.Select(c => c.Difference),
        }),
    };
}

/// <summary>One prior's cells, in the table's size order.</summary>
public sealed record FewShotRow(string Prior, IReadOnlyList<FewShotCellView> Cells);

/// <summary>One measured cell (null before any seed completed) beside the authors' number (null where their table has no such N).</summary>
public sealed record FewShotCellView(Summary? Measured, double? Paper)
{
    /// <summary>Measured − authors', where both exist.</summary>
    public double? Difference => Measured is { } m && Paper is { } p ? m.Mean - p : null;
}
