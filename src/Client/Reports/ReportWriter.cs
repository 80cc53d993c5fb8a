using System.Globalization;
using System.Text.Json;
using DwpFarm.Client.Farm;
using DwpFarm.Imaging;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Statistics;

namespace DwpFarm.Client.Reports;

/// <summary>
/// Writes a sweep's report folder (a farm sweep's or a lab run's): <c>report.md</c> and the same as a self-contained
/// <c>report.html</c>, <c>results.json</c>
/// (every unit, the comparison tables; in bayes mode also the few-shot table beside the authors'),
/// <c>curves.csv</c>, accuracy plots and kernel grids.
/// </summary>
public sealed class ReportWriter(Func<ArtifactRef, byte[]> readArtifact)
{
    public IReadOnlyList<string> Write(SweepReport report, string folder)
    {
        var written = new List<string>();
        ReportFolder.Replace(folder, dir =>
        {
            void Save(string name, string text)
            {
                File.WriteAllText(Path.Combine(dir, name), text);
                written.Add(name);
            }

            Save("results.json", JsonSerializer.Serialize(Results(report), JsonOutput.Indented));
            Save("curves.csv", CurvesCsv.Write(report.Units));
            var plots = new List<string>();
            foreach (var (name, chart) in ReportCharts.Of(report))
            {
                chart.Save(Path.Combine(dir, name));
                plots.Add(name);
            }

            plots.AddRange(KernelGrids.Write(report, readArtifact, dir));
            written.AddRange(plots);
            var markdown = ReportMarkdown.Render(report, plots);
            Save("report.md", markdown);
            Save("report.html", ReportHtml.Render($"Sweep {report.Status.SweepId} ({report.Status.Name})", markdown, plots, name => File.ReadAllBytes(Path.Combine(dir, name))));
        });
        return written;
    }

    /// <summary>One comparison table in <c>results.json</c>.</summary>
    public static object ComparisonJson(ComparisonTable table) => new
    {
        steps = table.Steps,
        methods = table.Methods.ToDictionary(m => m.Key, m => new { mean = m.Value.Mean, std = m.Value.Std, n = m.Value.N }),
    };

    /// <summary>The content of <c>results.json</c>; <c>lab --json</c> prints the same.</summary>
    public static object Results(SweepReport report) => Results(report, Comparisons.Of(report));

    private static object Results(SweepReport report, IReadOnlyList<ComparisonTable> comparisons) => new
    {
        sweepId = report.Status.SweepId,
        name = report.Status.Name,
        phase = report.Status.Phase,
        message = report.Status.Message,
        submittedAt = report.Status.SubmittedAt,
        finishedAt = report.Status.FinishedAt,
        slots = report.Slots,
        utilisation = Utilisation.Of(report),
        spec = report.Spec,
        units = report.Units.Select(u => new
        {
            id = u.UnitId,
            kind = u.Kind,
            phase = PhaseTable.OfKind(u.Kind)?.Stage ?? u.Kind,
            status = u.Status,
            attempts = u.Attempts,
            seed = u.Seed,
            artifacts = u.Artifacts.Select(a => a.Sha256),
            silo = u.Silo,
            error = u.Error,
            startedAt = u.StartedAt,
            finishedAt = u.FinishedAt,
            result = (object?)u.Result,
        }),
        comparison = comparisons.Count > 0 ? ComparisonJson(comparisons[^1]) : null,
        comparisons = comparisons.Select(c => new { trainSize = c.TrainSize, table = ComparisonJson(c) }),
        fewshot = FewShotTable.From(report)?.ToJson(),
    };
}
