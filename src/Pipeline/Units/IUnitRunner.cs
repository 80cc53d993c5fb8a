using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Units;

/// <summary>
/// Runs one kind of unit on a slot thread, in a silo or in the lab. Synchronous on purpose: the ML core trains
/// on the calling thread, whose torch thread settings belong to the slot.
/// </summary>
public interface IUnitRunner
{
    /// <summary>The <see cref="UnitKind"/> this runner serves.</summary>
    string Kind { get; }

    UnitResult Run(UnitWork work, IUnitRunContext context, CancellationToken cancellationToken);
}
