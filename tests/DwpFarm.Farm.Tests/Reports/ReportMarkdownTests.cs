using DwpFarm.Client.Reports;

namespace DwpFarm.Farm.Tests.Reports;

public sealed class ReportMarkdownTests
{
    [Fact]
    public void A_report_of_arms_brought_to_one_scale_says_so_above_its_table_and_one_at_their_own_scale_does_not()
    {
        var own = SyntheticReports.Init();
        var scaled = own with { Spec = own.Spec with { Evaluation = own.Spec.Evaluation with { ScaleTo = "xavier" } } };

        var text = ReportMarkdown.Render(scaled, []);

        Assert.DoesNotContain("scaled to the norm", ReportMarkdown.Render(own, []), StringComparison.Ordinal);
        var line = text.IndexOf("Every arm's conv layers were scaled to the norm `xavier` draws", StringComparison.Ordinal);
        Assert.InRange(line, 0, text.IndexOf("## Test accuracy", StringComparison.Ordinal));
    }
}
