using System.Globalization;
using System.Text;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Pipeline.Statistics;

namespace DwpFarm.Client.Reports;

/// <summary>The human-readable report: the comparison, every phase's numbers, and how to reproduce it.</summary>
internal static class ReportMarkdown
{
    /// <summary>How busy the sweep kept its slots, or null while that is unknown.</summary>
    public static string? UtilisationLine(SweepReport report) => Utilisation.Of(report) is { } u
        ? string.Create(CultureInfo.InvariantCulture, $"Slots busy {u:P0} of the run ({report.Slots} slots, busy slot-seconds ÷ slots × wall time)")
        : null;

    /// <summary>The initialiser to whose norm every arm was scaled (<c>evaluation.scaleTo</c>), or null at each arm's own.</summary>
    public static string? ScaledTo(EvaluationSpec evaluation) =>
        evaluation.Mode == EvaluationMode.Init && evaluation.ScaleTo != SpecNames.OwnScale ? evaluation.ScaleTo : null;

    /// <summary>Says that the arms were brought to one scale, which makes the table a diagnostic and not the method.</summary>
    public static string? ScaleLine(EvaluationSpec evaluation) => ScaledTo(evaluation) is { } scale
        ? $"**Every arm's conv layers were scaled to the norm `{scale}` draws for them** (`evaluation.scaleTo`): the arms differ in the kernels' structure only. A diagnostic, not the method."
        : null;

    public static string Render(SweepReport report, IReadOnlyList<string> plots)
    {
        var s = report.Status;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Sweep {s.SweepId} ({s.Name})\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Status: **{s.Phase}**{(s.Message is null ? string.Empty : $" ({s.Message})")}. Submitted {s.SubmittedAt:u}");
        md.Append(s.FinishedAt is { } done ? string.Create(CultureInfo.InvariantCulture, $", finished {done:u} ({(done - s.SubmittedAt).TotalMinutes:F1} min).\n\n") : ".\n\n");
        if (UtilisationLine(report) is { } busy)
        {
            md.Append(busy).Append(".\n\n");
        }

        if (ScaleLine(report.Spec.Evaluation) is { } scale)
        {
            md.Append(scale).Append("\n\n");
        }

        if (FewShotTable.From(report) is { } fewShot)
        {
            FewShot(md, fewShot, report);
        }
        else
        {
            foreach (var table in Comparisons.Of(report))
            {
                Comparison(md, table);
            }
        }

        foreach (var plot in plots)
        {
            md.Append(CultureInfo.InvariantCulture, $"![{plot}]({plot})\n\n");
        }

        Sources(md, report);
        BankAndPrior(md, report);
        var failed = report.Units.Where(u => u.Status == UnitStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            md.Append("## Failed units\n\n| unit | attempts | error |\n|---|---|---|\n");
            foreach (var u in failed)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {u.UnitId} | {u.Attempts} | {u.Error?.Replace('|', '/')} |\n");
            }

            md.Append(CultureInfo.InvariantCulture, $"\n`dwpfarm sweep retry {s.SweepId}` re-runs them.\n\n");
        }

        md.Append("## Reproduce\n\nThe spec as submitted; every unit's seed, data fingerprint and artifact hashes are in `results.json`.\n\n```yaml\n");
        md.Append(report.SpecText.TrimEnd()).Append("\n```\n");
        return md.ToString();
    }

    private static void Comparison(StringBuilder md, ComparisonTable table)
    {
        md.Append(CultureInfo.InvariantCulture, $"## Test accuracy on MNIST, N = {table.TrainSize}\n\n");
        md.Append("Mean ± std over seeds (n = seeds).\n\n| method | n |");
        foreach (var step in table.Steps)
        {
            md.Append(CultureInfo.InvariantCulture, $" step {step} |");
        }

        md.Append("\n|---|---|").Append(string.Concat(table.Steps.Select(_ => "---|"))).Append('\n');
        foreach (var (method, curve) in table.Methods)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {method} | {curve.N} |");
            for (var i = 0; i < table.Steps.Count; i++)
            {
                md.Append(CultureInfo.InvariantCulture, $" {curve.Mean[i]:F4} ± {curve.Std[i]:F4} |");
            }

            md.Append('\n');
        }

        if (table.Versus("dwp", "xavier", table.Steps) is { Count: > 0 } verdicts)
        {
            md.Append("| dwp − xavier (± SE sum) | |");
            foreach (var v in verdicts)
            {
                md.Append(CultureInfo.InvariantCulture, $" {v.Difference:+0.0000;-0.0000} ± {v.Margin:F4} |");
            }

            md.Append('\n');
        }

        md.Append('\n');
    }

    private static void FewShot(StringBuilder md, FewShotTable table, SweepReport report)
    {
        var e = report.Spec.Evaluation;
        md.Append(CultureInfo.InvariantCulture, $"## Few-shot MNIST: test accuracy of the {e.EnsembleSamples}-sample ensemble\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Variational training for {e.Steps} steps (batch {e.Batch}, Adam {e.Lr} decayed linearly to 0, conv means from {e.MeanInit}");
        md.Append(e.DwpKernels > 0 ? string.Create(CultureInfo.InvariantCulture, $", DWP term on {e.DwpKernels} kernels per layer and step") : string.Empty);
        md.Append("). Each cell: measured mean ± std over n seeds / the authors' number / measured − authors'.\n\n| prior |");
        foreach (var n in table.Sizes)
        {
            md.Append(CultureInfo.InvariantCulture, $" N = {n} |");
        }

        md.Append("\n|---|").Append(string.Concat(table.Sizes.Select(_ => "---|"))).Append('\n');
        foreach (var row in table.Rows)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {row.Prior} |");
            foreach (var c in row.Cells)
            {
                var measured = c.Measured is { } m ? string.Create(CultureInfo.InvariantCulture, $"{m.Mean:F3} ± {m.Std:F3} (n = {m.N})") : "no result (n = 0)";
                var paper = c.Paper is { } p ? p.ToString("F3", CultureInfo.InvariantCulture) : "–";
                var difference = c.Difference is { } d ? d.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : "–";
                md.Append(CultureInfo.InvariantCulture, $" {measured} / {paper} / {difference} |");
            }

            md.Append('\n');
        }

        md.Append('\n');
    }

    private static void Sources(StringBuilder md, SweepReport report)
    {
        var runs = report.Units.Where(u => u.Result is SourceRunResult).ToList();
        if (runs.Count == 0)
        {
            return;
        }

        md.Append("## Source runs (letters)\n\n| run | seed | epochs | final loss | test accuracy | time | silo |\n|---|---|---|---|---|---|---|\n");
        foreach (var u in runs)
        {
            var r = (SourceRunResult)u.Result!;
            var last = r.Epochs[^1];
            md.Append(CultureInfo.InvariantCulture, $"| {u.UnitId[(u.UnitId.LastIndexOf('/') + 1)..]} | {u.Seed} | {r.Epochs.Count} | {last.Loss:F4} | {last.TestAccuracy:F4} | {r.Duration.TotalSeconds:F0} s | {u.Silo} |\n");
        }

        md.Append('\n');
    }

    private static void BankAndPrior(StringBuilder md, SweepReport report)
    {
        var banks = report.Units.Select(u => u.Result).OfType<BankResult>().OrderBy(b => b.Front).ToList();
        if (banks.Count > 0)
        {
            md.Append("## Kernel bank\n\n");
            if (report.Spec.Bank.Import is { } published)
            {
                // Nothing was extracted or pruned here: the authors published their banks pruned and split.
                md.Append(CultureInfo.InvariantCulture, $"The authors' published banks, read from `{published}` (`bank.import`; data SHA-256 {banks[0].DataSha256}).\n\n");
            }

            md.Append("| front | layer | kernel | extracted | pruned | train | test |\n|---|---|---|---|---|---|---|\n");
            foreach (var bank in banks)
            {
                foreach (var l in bank.Layers)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {bank.Front} | {l.Layer} | {l.KernelSize}×{l.KernelSize} | {l.Extracted} | {l.Pruned} | {l.Train} | {l.Test} |\n");
                }
            }

            md.Append('\n');
            var shapes = banks.SelectMany(b => b.Layers.SelectMany(l => new[] { ("sources", l.Sources), ("kept", l.Kept) }.Where(p => p.Item2 is not null).Select(p => (b.Front, l.Layer, Of: p.Item1, Shape: p.Item2!)))).ToList();
            if (shapes.Count > 0)
            {
                // Trained kernels are large and smooth; initial noise is small and rough (smoothness 0). The authors' banks: 0.77 (7×7) and 0.50 (5×5).
                md.Append("What the kernels look like: L2-norm quantiles beside the norm a Xavier-initialised kernel starts with, the share of kernels below a quarter of it (near-dead), ");
                md.Append("smoothness, the correlation of neighbouring weights (0 for noise; the authors' banks 0.77 for 7×7, 0.50 for 5×5), pooled and per kernel, ");
                md.Append("and the share of the kernels' energy in their means (1/k² for noise, 0 for edges and bars, 1 for flat blobs).\n\n");
                md.Append("| front | layer | kernels | count | initial norm | norm p10 / median / p90 | near-dead | smoothness | per kernel | mean share |\n|---|---|---|---|---|---|---|---|---|---|\n");
                foreach (var (front, layer, of, shape) in shapes)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {front} | {layer} | {of} | {shape.Count} | {(shape.InitialNorm > 0 ? shape.InitialNorm.ToString("G3", CultureInfo.InvariantCulture) : "–")} | {shape.NormP10:G3} / {shape.NormMedian:G3} / {shape.NormP90:G3} | {(shape.NearDead is { } dead ? dead.ToString("P0", CultureInfo.InvariantCulture) : "–")} | {shape.Smoothness:F2} | {shape.KernelAutocorrelation:F2} | {(shape.MeanShare is { } mean ? mean.ToString("F2", CultureInfo.InvariantCulture) : "–")} |\n");
                }

                md.Append('\n');
            }
        }

        var vaes = report.Units.Select(u => u.Result).OfType<VaeResult>().OrderBy(v => v.Front).ThenBy(v => v.Layer, StringComparer.Ordinal).ToList();
        if (vaes.Count > 0)
        {
            // A VAE that does not beat both baselines on held-out kernels, or whose samples are smaller or more alike than the bank's, learned little.
            md.Append("## Prior (kernel VAEs)\n\nELBO in nats per held-out kernel, against i.i.d. noise of the bank's scale and a full-covariance Gaussian fitted to the training kernels; ");
            md.Append("samples (1,000 decoder means) against the bank's kernels: median norm and mean |cos| between two kernels (1: all alike); ");
            md.Append("pulled (with `prior.pull`): 32 samples after each climbed its own ELBO for a bayes run's default schedule, where the prior pulls posterior means when the data hardly do.\n\n");
            md.Append("| front | layer | epochs × starts | test ELBO | white noise | Gaussian | sample / bank norm | sample / bank \\|cos\\| | pulled \\|cos\\| / norm | latent KL | gates | time |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var v in vaes)
            {
                var gates = v.GateFailures.Count == 0 ? "pass" : string.Join("; ", v.GateFailures).Replace("|", "\\|", StringComparison.Ordinal);
                md.Append(CultureInfo.InvariantCulture, $"| {v.Front} | {v.Layer} | {v.Epochs} × {v.Restarts} | {v.TestElbo:F2} | {v.WhiteNoiseElbo:F2} | {v.GaussianElbo:F2} | {v.SampleMedianNorm:G3} / {v.BankMedianNorm:G3} | {v.SampleAbsCosine:F2} / {v.BankAbsCosine:F2} | {Pulled(v)} | {v.LatentKl:F2} | {gates} | {v.Duration.TotalSeconds:F0} s |\n");
            }

            md.Append('\n');
        }
    }

    // Measured only where the spec asks (prior.pull).
    private static string Pulled(VaeResult v) => v.PulledAbsCosine is { } cos
        ? string.Create(CultureInfo.InvariantCulture, $"{cos:F2} / {v.PulledMedianNorm:G3}")
        : "–";
}
