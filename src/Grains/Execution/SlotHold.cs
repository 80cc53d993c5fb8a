using DwpFarm.Storage.Queue;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// A claimed unit and the slots it holds (<see cref="SlotLedger"/>): <see cref="Slot"/>, whose thread runs it, first.
/// <see cref="FreeSince"/>: when the last of those slots became free (a <see cref="TimeProvider"/> timestamp), where
/// the unit's scheduling latency starts.
/// </summary>
public sealed record SlotHold(int Slot, IReadOnlyList<int> Slots, WorkLease Lease, long FreeSince);
