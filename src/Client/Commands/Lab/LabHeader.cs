using System.Globalization;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Vocabulary;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>The lab's first log line: the front, the priors' fit and the targets a run is about to build.</summary>
internal static class LabHeader
{
    public static string Describe(SweepSpec spec, int slots)
    {
        var s = spec.Source;
        var e = spec.Evaluation;
        var arms = string.Join(",", e.Arms);
        var front = spec.Bank.Import is { } bank
            ? $"{spec.Fronts} front(s) on the published bank in {bank}, "
            : F($"{spec.Fronts} front(s) of {s.Count} sources {s.Widths[0]}x{s.Widths[1]} × {s.Epochs} epochs{(s.Inverted > 0 ? F($" ({s.Inverted:P0} of the letters dark on light)") : "")}, prune {Prune(spec.Bank)}, ");
        return $"{spec.Name}: {front}"
            + Vaes(spec.Prior) + F($", {SpecName.Of(e.Mode)} targets {e.Widths[0]}x{e.Widths[1]} on N = {string.Join(",", e.TrainSizes)} ")
            + F($"({e.Steps} steps, batch {e.Batch}, lr {e.Lr}), {arms} × {e.Seeds} seeds from {e.Seed}, {slots} slots × {spec.Resources.ThreadsPerSlot} thread");
    }

    /// <summary>The bank's cut: the norm rule's per-layer cuts and their unit, or the other rules' one threshold.</summary>
    private static string Prune(BankSpec bank) => bank.PruneRule == PruneRule.Norm && bank.PruneThresholds.Count > 0
        ? F($"{SpecName.Of(bank.PruneRule)} [{string.Join(", ", bank.PruneThresholds.Select(t => t.ToString(CultureInfo.InvariantCulture)))}]{(bank.PruneUnit == PruneUnit.Init ? " × the initial norm" : " absolute")}")
        : F($"{SpecName.Of(bank.PruneRule)} {bank.PruneThreshold}{(bank.PruneRule == PruneRule.Norm && bank.PruneUnit == PruneUnit.Init ? " × the initial norm" : "")}");

    /// <summary>The VAEs' fit, per layer when the layers differ (a longer conv2 fit is a common front setting).</summary>
    private static string Vaes(PriorSpec prior)
    {
        string Fit(VaeSpec v) => v.Steps > 0 ? F($"~{v.Steps} steps × {v.Restarts} start(s)") : F($"{v.Epochs} epochs × {v.Restarts} start(s)");
        return prior.Import is { } folder ? $"VAEs imported from {folder}"
            : Fit(prior.Conv1) == Fit(prior.Conv2) ? $"VAEs {Fit(prior.Conv1)}"
            : $"VAEs conv1 {Fit(prior.Conv1)}, conv2 {Fit(prior.Conv2)}";
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
