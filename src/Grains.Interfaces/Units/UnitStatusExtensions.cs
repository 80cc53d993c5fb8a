namespace DwpFarm.Grains.Interfaces.Units;

public static class UnitStatusExtensions
{
    /// <summary>Completed, failed or cancelled: the unit will not run again unless retried.</summary>
    public static bool IsTerminal(this UnitStatus status) => status is UnitStatus.Completed or UnitStatus.Failed or UnitStatus.Cancelled;
}
