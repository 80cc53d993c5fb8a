namespace DwpFarm.Storage.Queue;

/// <summary>The states of a queue row, as stored.</summary>
public static class WorkState
{
    public const string Queued = "queued";
    public const string Leased = "leased";

    /// <summary>No longer needs running: its grain recorded a result or a failure.</summary>
    public const string Done = "done";
    public const string Cancelled = "cancelled";
}
