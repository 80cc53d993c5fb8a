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
              "On 2 cores no front passes every gate yet (docs/results.md): on fronts like this one DWP beats Xavier over 3 fronts " +
              "(`./dwpfarm lab init-compare`, 27 minutes), but their conv2 priors' samples are a little too alike. The authors' published prior passes and wins " +
              "(`dwpfarm prior import DIR`, then `lab init-compare --prior published`, or a spec's prior.import and bank.import), " +
              "and examples/paper.yaml is the paper's front, for a cluster.");
        return lines;
    }
}
