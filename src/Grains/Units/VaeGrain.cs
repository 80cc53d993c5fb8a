using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Units;

/// <summary>The prior of one conv layer: fits a kernel VAE on the bank.</summary>
public sealed class VaeGrain(
    [PersistentState("unit", Constants.StorageName)] IPersistentState<UnitState> state,
    UnitServices services)
    : UnitGrain(state, services), IVaeGrain
{
    protected override string Kind => UnitKind.Vae;

    protected override IReadOnlyList<ArtifactRef> ArtifactsOf(UnitState state) =>
        state.Result is VaeResult result ? [result.Weights] : [];
}
