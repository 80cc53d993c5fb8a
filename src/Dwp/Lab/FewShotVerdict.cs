using DwpFarm.Dwp.Bayes;

namespace DwpFarm.Dwp.Lab;

/// <summary>
/// The acceptance check of the few-shot table: at a train size, DWP's mean ensemble accuracy exceeds the N(0, 1)
/// prior's by more than SE_dwp + SE_sn (standard errors of the means over seeds).
/// </summary>
public sealed record FewShotVerdict(int TrainSize, double Difference, double Margin)
{
    /// <summary>The sizes the check is made at.</summary>
    public static readonly IReadOnlyList<int> CheckedSizes = [50, 100];

    public bool Holds => Difference > Margin;

    public static IReadOnlyList<FewShotVerdict> DwpBeatsSn(FewShotReport report)
    {
        if (!report.Cells.TryGetValue(WeightPriorKind.Dwp, out var dwp) || !report.Cells.TryGetValue(WeightPriorKind.Sn, out var sn))
        {
            return [];
        }

        var sizes = report.Settings.Sizes.ToList();
        return CheckedSizes.Where(sizes.Contains).Select(n =>
        {
            var i = sizes.IndexOf(n);
            return new FewShotVerdict(n, dwp[i].Mean - sn[i].Mean, dwp[i].StandardError + sn[i].StandardError);
        }).ToArray();
    }
}
