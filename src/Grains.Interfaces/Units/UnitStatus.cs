namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>Where a unit is in its life.</summary>
[GenerateSerializer, Alias("dwp.UnitStatus")]
public enum UnitStatus
{
    /// <summary>Created, waiting for its inputs (a bank waiting for source runs).</summary>
    Pending = 0,

    /// <summary>In the work queue, waiting for a slot.</summary>
    Queued = 1,

    /// <summary>A slot holds its lease.</summary>
    Running = 2,

    Completed = 3,
    Failed = 4,
    Cancelled = 5,
}
