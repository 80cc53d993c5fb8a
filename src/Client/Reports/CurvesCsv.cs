using System.Globalization;
using CsvHelper;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Client.Reports;

/// <summary>
/// <c>curves.csv</c>: one row per evaluation unit and recorded step. Written by CsvHelper (RFC 4180), so a unit id or
/// method that holds a comma, a quote or a line break is quoted rather than splitting the row.
/// </summary>
internal static class CurvesCsv
{
    public static readonly IReadOnlyList<string> Header = ["unit_id", "method", "train_size", "seed", "step", "test_accuracy"];

    public static string Write(IEnumerable<UnitSummary> units)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true))
        {
            csv.WriteHeader([.. Header]);
            foreach (var u in units.Where(u => u.Result is EvaluationResult).OrderBy(u => u.UnitId, StringComparer.Ordinal))
            {
                var r = (EvaluationResult)u.Result!;
                for (var i = 0; i < r.Steps.Count; i++)
                {
                    // Round-trip format: the file holds the recorded double exactly.
                    csv.WriteRecord([u.UnitId, r.Method, Invariant(r.TrainSize), Invariant(r.Seed), Invariant(r.Steps[i]), r.Accuracy[i].ToString("R", CultureInfo.InvariantCulture)]);
                }
            }
        }

        return text.ToString();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
