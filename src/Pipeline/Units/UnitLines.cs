using System.Globalization;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Units;

/// <summary>One line per finished unit: what the lab prints and what `sweep logs` shows of a completed attempt.</summary>
public static class UnitLines
{
    public static string Describe(UnitWork work, UnitResult result) => $"{work.UnitId}: {Outcome(result)}";

    /// <summary>What the unit's result says, without the unit's id.</summary>
    public static string Outcome(UnitResult result) => result switch
    {
        SourceRunResult r => F($"letters test accuracy {r.Epochs[^1].TestAccuracy:P1} after {r.Epochs.Count} epochs ({r.Duration.TotalSeconds:F0} s)"),
        BankResult r => string.Join("; ", r.Layers.Select(l => F($"{l.Layer} ({l.KernelSize}×{l.KernelSize}) {l.Train} train, {l.Test} test, {l.Pruned} pruned of {l.Extracted}")
            + (l.Sources is { } all ? ", sources: " + Shape(all) : "") + (l.Kept is { } kept ? ", kept: " + Shape(kept) : ""))),
        VaeResult r => (r.Restarts switch { 0 => "imported", 1 => F($"one fit of {r.Epochs} epochs"), _ => F($"best of {r.Restarts} × {r.Epochs} epochs") }) + F($", test ELBO {r.TestElbo:F2} (white noise {r.WhiteNoiseElbo:F2}, Gaussian {r.GaussianElbo:F2}), latent KL {r.LatentKl:F2} nats, ")
            + F($"samples' median norm {r.SampleMedianNorm:G3} (bank {r.BankMedianNorm:G3}), mean |cos| {r.SampleAbsCosine:F2} (bank {r.BankAbsCosine:F2}); ")
            + (r.PulledAbsCosine is { } pulled ? F($"pulled up its ELBO: mean |cos| {pulled:F2}, median norm {r.PulledMedianNorm:G3}; ") : "") + "gates: "
            + (r.GateFailures.Count == 0 ? "pass" : string.Join("; ", r.GateFailures)),
        EvaluationResult { Mode: EvaluationMode.Bayes } r => F($"ensemble accuracy {r.Accuracy[^1]:F4} (means {r.MeanAccuracy:F4}; last NLL {r.FinalNll:F1}, KL {r.FinalKl:F1}; kernel median norm / mean |cos| ")
            + string.Join(", ", r.Kernels.Select(k => F($"{k.MedianNorm:G3} / {k.MeanAbsCosine:F2}"))) + F($"; {r.Duration.TotalSeconds:F0} s)"),
        EvaluationResult r => string.Join(" ", r.Steps.Zip(r.Accuracy).Select(p => F($"{p.First}:{p.Second:F3}"))),
        _ => "completed",
    };

    /// <summary>One layer's kernel statistics: norm quantiles beside the initial norm, the dead share, smoothness, the mean's share.</summary>
    public static string Shape(KernelShapeStats s) =>
        F($"norm p10/median/p90 {s.NormP10:G3}/{s.NormMedian:G3}/{s.NormP90:G3}")
        + (s.InitialNorm > 0 ? F($" (initial {s.InitialNorm:G3}), near-dead {s.NearDead ?? 0:P0}") : "")
        + F($", smoothness {s.Smoothness:F2} (per kernel {s.KernelAutocorrelation:F2})")
        + (s.MeanShare is { } mean ? F($", mean share {mean:F2}") : "");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
