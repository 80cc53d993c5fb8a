using System.Globalization;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Client.Farm;

/// <summary>
/// The demo's word on its prior, under the comparison: each VAE against its gates, and what a miss means for the dwp
/// row, so a reader does not take a failed prior's numbers for the method's.
/// </summary>
public static class PriorVerdict
{
    public static IReadOnlyList<string> Lines(IEnumerable<VaeResult> vaes)
    {
        var ordered = vaes.OrderBy(v => v.Front).ThenBy(v => v.Layer, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            return [];
        }

        var lines = ordered.Select(v => string.Create(
            CultureInfo.InvariantCulture,
            $"prior {v.Layer}{(v.Front > 0 ? $" (front {v.Front})" : string.Empty)}: test ELBO {v.TestElbo:F2} nats (white noise {v.WhiteNoiseElbo:F2}), " +
            $"samples' mean |cos| {v.SampleAbsCosine:F2} (bank {v.BankAbsCosine:F2}); gates: {(v.GateFailures.Count == 0 ? "pass" : string.Join("; ", v.GateFailures))}")).ToList();
        var failed = ordered.Count(v => v.GateFailures.Count > 0);
        lines.Add(failed == 0
            ? "Every prior passes its gates."
            : string.Create(CultureInfo.InvariantCulture, $"{failed} of {ordered.Count} priors miss their gates: they do not know kernels, so the dwp row measures this front, not the method. ") +
              "The fronts 2 cores build sit near the edge of the |cos| gate (docs/results.md): over the 3 fronts of `./dwpfarm lab init-compare` " +
              "(38 minutes) every prior passed and DWP beat Xavier, and examples/quick.yaml's conv2 prior passed by 0.006. The authors' published prior passes and wins " +
              "(`dwpfarm prior import DIR`, then `lab init-compare --prior published`, or a spec's prior.import and bank.import), " +
              "and examples/paper.yaml is the paper's front, for a cluster.");
        return lines;
    }
}
