using System.Globalization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Scheduling;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Pipeline.Local;

/// <summary>
/// One layer's kernel VAE refitted on a spec's own banks at several lengths: how a prior's held-out ELBO and the
/// diversity of its samples move with its epochs, on the kernels the lab builds. Sources and banks are the lab's
/// (reused from the source cache); each fit is the plan's own VAE unit with only its length changed, and its gates
/// measured, not enforced. A fit at the spec's own length therefore gives the lab's prior to the bit.
/// </summary>
public static class VaeEpochCurve
{
    public static VaeEpochCurveResult Run(
        SweepSpec spec,
        string specText,
        SpecDataSets data,
        int slots,
        string layer,
        IReadOnlyList<int> epochs,
        Action<string>? log = null,
        SourceRunCache? sources = null,
        CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        if (spec.Bank.Import is not null || spec.Prior.Import is not null)
        {
            throw new Dwp.DwpException("an imported bank or prior is not a front this spec builds; `dwpfarm prior import DIR --fit --fit-epochs E` refits the published bank");
        }

        if (!PhaseTable.Layers.Contains(layer))
        {
            throw new Dwp.DwpException($"no layer '{layer}': the banks hold {string.Join(", ", PhaseTable.Layers)}");
        }

        if (epochs.Count == 0 || epochs.Any(e => e < 1))
        {
            throw new Dwp.DwpException($"each length must be at least 1 epoch, got [{string.Join(", ", epochs)}]");
        }

        // Refused before hours of sources, like the lab's own run.
        if (UnitSlots.TooLarge(spec, slots, "this run") is { } tooLarge)
        {
            throw new Dwp.DwpException(tooLarge);
        }

        var banks = LocalSweep.Run(spec with { StopAfter = SweepStages.Bank }, specText, data, slots, log, sources, cancellationToken);
        var done = banks.Report.Units.ToDictionary(u => u.UnitId, u => u.Result!, StringComparer.Ordinal);
        var fits = new SweepPlan(spec.Name, spec).Ready(done).OfType<VaeWork>().Where(w => w.Layer == layer)
            .SelectMany(w => epochs.Distinct().Select(e => w with { Spec = w.Spec with { Epochs = e, Steps = 0 }, EnforceGates = false }))
            .Select((w, i) => (Index: i, Work: w))
            .ToList();
        var results = new VaeResult[fits.Count];
        var runner = new VaeRunner();
        SlotScheduler.Run(
            fits,
            slots,
            spec.Resources.ThreadsPerSlot,
            (fit, ct) =>
            {
                var started = DateTimeOffset.UtcNow;
                var progress = new UnitProgressLog(Label(fit.Work), log, TimeProvider.System);
                var result = (VaeResult)runner.Run(fit.Work, new MemoryRunContext(banks.Artifacts, UnitSlots.Threads(fit.Work), progress.Report), ct);
                result = result with { Duration = DateTimeOffset.UtcNow - started, Front = fit.Work.Front };
                log($"{Label(fit.Work)}: {UnitLines.Outcome(result)}");
                return result;
            },
            (fit, result) =>
            {
                results[fit.Index] = result;
                return [];
            },
            // The longest fits first, so that the slots finish together.
            Comparer<(int Index, VaeWork Work)>.Create((a, b) => b.Work.Spec.Epochs.CompareTo(a.Work.Spec.Epochs) is var c && c != 0 ? c : a.Index.CompareTo(b.Index)),
            fit => Label(fit.Work),
            cancellationToken: cancellationToken);

        var kernels = fits.Select(f => f.Work.Bank).Distinct().ToDictionary(b => b, b => KernelBank.FromBytes(banks.Artifacts.Read(b)));
        var points = fits.Select(f =>
        {
            var bank = kernels[f.Work.Bank].Layers[f.Work.LayerIndex];
            var steps = (long)f.Work.Spec.Epochs * ((bank.Train.Count + f.Work.Spec.Batch - 1) / f.Work.Spec.Batch);
            return new VaeEpochPoint(f.Work.Front, layer, f.Work.Spec.Epochs, steps, bank.Train.Count, bank.Test.Count, f.Work.Bank, f.Work.Seed, results[f.Index]);
        });
        return new VaeEpochCurveResult(banks, [.. points.OrderBy(p => p.Front).ThenBy(p => p.Epochs)]);
    }

    private static string Label(VaeWork w) => string.Create(CultureInfo.InvariantCulture, $"{w.UnitId} at {w.Spec.Epochs} epochs");
}
