namespace DwpFarm.Storage.Logs;

/// <summary>How much a unit's log line matters: progress, or an attempt that ended without a result.</summary>
public enum UnitLogLevel
{
    Info,
    Warning,
    Error,
}
