using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Units;

/// <summary>The kernel bank of a sweep, built from the models its sweep recorded when every source run had finished.</summary>
public sealed class KernelBankGrain(
    [PersistentState("unit", Constants.StorageName)] IPersistentState<UnitState> state,
    UnitServices services)
    : UnitGrain(state, services), IKernelBankGrain
{
    protected override string Kind => UnitKind.Bank;

    protected override IReadOnlyList<ArtifactRef> ArtifactsOf(UnitState state) =>
        state.Result is BankResult result ? [result.Bank] : [];
}
