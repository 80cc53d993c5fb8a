using System.Globalization;
using CsvHelper;
using DwpFarm.Client.Reports;

namespace DwpFarm.Farm.Tests.Reports;

/// <summary>curves.csv read back by an RFC 4180 reader gives the fields that were written.</summary>
public sealed class CurvesCsvTests
{
    [Fact]
    public void A_name_with_a_comma_and_a_quote_stays_one_field()
    {
        const string Unit = "my, \"odd\" sweep/eval/dwp/n100/s2";
        const string Method = "dwp, \"tuned\"";
        var text = CurvesCsv.Write([SyntheticReports.Evaluation(Method, 100, 2, [0, 50], [0.1, 0.875], id: Unit)]);

        var rows = Read(text);

        Assert.Equal([.. CurvesCsv.Header], rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.Equal([Unit, Method, "100", "2", "50", "0.875"], rows[2]);
        Assert.All(rows, r => Assert.Equal(CurvesCsv.Header.Count, r.Length));
    }

    [Fact]
    public void Accuracies_are_written_exactly_and_units_in_id_order()
    {
        var accuracy = 1.0 / 3;
        var text = CurvesCsv.Write([SyntheticReports.Evaluation("xavier", 8, 0, [10], [accuracy], id: "b/eval/xavier/n8/s0"), SyntheticReports.Evaluation("dwp", 8, 0, [10], [0.5], id: "a/eval/dwp/n8/s0")]);

        var rows = Read(text);

        Assert.Equal(["a/eval/dwp/n8/s0", "b/eval/xavier/n8/s0"], rows.Skip(1).Select(r => r[0]));
        Assert.Equal(accuracy, double.Parse(rows[2][5], CultureInfo.InvariantCulture));
    }

    /// <summary>Every row, the header first, as an RFC 4180 reader splits it.</summary>
    private static List<string[]> Read(string text)
    {
        using var reader = CsvReader.FromText(text, new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        return rows;
    }
}
