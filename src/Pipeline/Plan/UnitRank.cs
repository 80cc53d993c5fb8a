using DwpFarm.Dwp.Initialization;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Plan;

/// <summary>
/// Which ready unit a free slot takes first, for the farm's queue and the lab's scheduler alike: earlier phases first,
/// whatever the front, so the chain to the DWP evaluations (sources → bank → VAEs) is never kept waiting by units that
/// need nothing (xavier) and only fill the slots around it; within a phase, the costliest first (the deeper layer's
/// VAE, fitted on the most kernels; the evaluations that draw a VAE pass per kernel and step).
/// </summary>
public static class UnitRank
{
    /// <summary>The larger, the sooner.</summary>
    public static int Priority(UnitWork work)
    {
        var phase = PhaseTable.Rows.ToList().FindIndex(r => r.Kind == UnitIds.KindOf(work.UnitId));
        var cost = work switch
        {
            VaeWork v => v.LayerIndex,
            EvaluationWork e when UnitOptions.Inputs(e).HasFlag(FrontInputs.Vaes) => 1,
            _ => 0,
        };
        return ((PhaseTable.Rows.Count - phase) * 10) + cost;
    }
}
