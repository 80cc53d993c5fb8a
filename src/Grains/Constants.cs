namespace DwpFarm.Grains;

/// <summary>Provider, reminder and meter names shared by the grains and the host.</summary>
public static class Constants
{
    /// <summary>The ADO.NET grain storage provider every grain persists through.</summary>
    public const string StorageName = "dwpfarm";

    /// <summary>Orleans service id: grain state rows are keyed by it.</summary>
    public const string ServiceId = "dwpfarm";

    public const string ClusterId = "dwpfarm";

    /// <summary>The sweep grain's reminder that re-drives stalled work.</summary>
    public const string SweepDriveReminder = "drive";

    /// <summary>The project's own OpenTelemetry meter.</summary>
    public const string MeterName = "DwpFarm";
}
