namespace DwpFarm.Grains.Interfaces.Sweeps;

public static class SweepPhaseExtensions
{
    /// <summary>Completed, failed or cancelled: nothing drives the sweep until a retry.</summary>
    public static bool IsFinished(this SweepPhase phase) => phase is SweepPhase.Completed or SweepPhase.Failed or SweepPhase.Cancelled;
}
