using DwpFarm.Client.Reports;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Units;

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

    [Fact]
    public void The_bank_table_and_its_log_line_give_the_share_of_the_kernels_energy_in_their_means()
    {
        // Two 2×2 kernels, an edge and a flat blob: half the energy is in the means.
        var kept = BankRunner.Shape([new KernelSet(2, [-1, 1, -1, 1, 1, 1, 1, 1])], initialNorm: 0);
        var report = SyntheticReports.Init();
        var bank = new UnitSummary
        {
            UnitId = "synthetic-1/bank",
            Kind = UnitKind.Bank,
            Status = UnitStatus.Completed,
            Result = new BankResult { DataSha256 = "x", Environment = "x", Bank = new ArtifactRef("x", "bank", 1), Layers = [new BankLayerStats("conv1", 2, 2, 0, 2, 0) { Kept = kept }] },
        };

        var text = ReportMarkdown.Render(report with { Units = [.. report.Units, bank] }, []);

        Assert.Equal(0.5, kept.MeanShare!.Value, 12);
        Assert.Contains("| near-dead | smoothness | per kernel | mean share |", text, StringComparison.Ordinal);
        Assert.Matches(@"\| 0 \| conv1 \| kept \| 2 \| – \| [^|]+ \| – \| [^|]+ \| [^|]+ \| 0\.50 \|", text);
        Assert.EndsWith(", mean share 0.50", UnitLines.Shape(kept), StringComparison.Ordinal);
    }
}
