using DwpFarm.Dwp.Initialization;

namespace DwpFarm.Dwp.Lab;

/// <summary>
/// The acceptance check of the init comparison: at a step, DWP's mean accuracy exceeds Xavier's by more than
/// SE_dwp + SE_xavier (standard errors of the means over seeds).
/// </summary>
public sealed record LabVerdict(int Step, double Difference, double Margin)
{
    /// <summary>The steps the check is made at.</summary>
    public static readonly IReadOnlyList<int> CheckedSteps = [50, 100];

    public bool Holds => Difference > Margin;

    public static IReadOnlyList<LabVerdict> DwpBeatsXavier(LabReport report) => DwpBeatsXavier(report.Methods);

    public static IReadOnlyList<LabVerdict> DwpBeatsXavier(IReadOnlyDictionary<InitMethod, MethodSummary> methods)
    {
        if (!methods.TryGetValue(InitMethod.Dwp, out var dwp) || !methods.TryGetValue(InitMethod.Xavier, out var xavier))
        {
            return [];
        }

        return CheckedSteps.Where(s => dwp.Steps.Contains(s)).Select(step =>
        {
            var i = dwp.Steps.ToList().IndexOf(step);
            return new LabVerdict(step, dwp.Mean[i] - xavier.Mean[i], dwp.StandardError(i) + xavier.StandardError(i));
        }).ToArray();
    }
}
