using System.Globalization;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Statistics;

namespace DwpFarm.Client.Farm;

/// <summary>
/// The demo's word on its run, under the comparison, computed from this run's numbers alone: each prior against its
/// gates, whether the dwp row can speak for the method, and the mode's checks (<see cref="Comparisons.Checks"/>).
/// What earlier runs found belongs in the docs, not here.
/// </summary>
public static class PriorVerdict
{
    public static IReadOnlyList<string> Lines(SweepReport report)
    {
        var lines = new List<string>();
        var priors = report.Units.Select(u => u.Result).OfType<VaeResult>().OrderBy(v => v.Front).ThenBy(v => v.Layer, StringComparer.Ordinal).ToList();
        lines.AddRange(priors.Select(v => string.Create(
            CultureInfo.InvariantCulture,
            $"prior {v.Layer}{(v.Front > 0 ? $" (front {v.Front})" : string.Empty)}: test ELBO {v.TestElbo:F2} nats (white noise {v.WhiteNoiseElbo:F2}), " +
            $"samples' mean |cos| {v.SampleAbsCosine:F2} (bank {v.BankAbsCosine:F2}); gates: {(v.GateFailures.Count == 0 ? "pass" : string.Join("; ", v.GateFailures))}")));
        var missed = priors.Count(v => v.GateFailures.Count > 0);
        if (priors.Count > 0)
        {
            lines.Add(missed == 0
                ? string.Create(CultureInfo.InvariantCulture, $"All {priors.Count} priors pass their gates.")
                : string.Create(CultureInfo.InvariantCulture, $"{missed} of {priors.Count} priors miss their gates: they do not know kernels, so the dwp row measures this front, not the method (docs/results.md compares fronts and the authors' published prior)."));
        }

        var mode = report.Spec.Evaluation.Mode;
        var checks = Comparisons.Checks(Comparisons.Of(report), mode);
        lines.AddRange(checks.Select(c => c.Describe(mode)));
        if (checks.Count > 0)
        {
            var ahead = checks.Count(c => c.Holds);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"dwp is ahead by more than the SE sum at {ahead} of {checks.Count} checked points{(ahead > 0 && missed > 0 ? ", on a prior that misses its gates" : string.Empty)}."));
        }

        return lines;
    }
}
