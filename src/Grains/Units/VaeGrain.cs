using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Units;

/// <summary>The prior of one conv layer: fits a kernel VAE on the sealed bank.</summary>
public sealed class VaeGrain(
    [PersistentState("unit", Constants.StorageName)] IPersistentState<UnitState> state,
    UnitServices services)
    : UnitGrain<UnitState>(state, services), IVaeGrain
{
    protected override string Kind => UnitKind.Vae;

    public async Task StartAsync(string sweepId, string layer, VaeSpec spec, ArtifactRef bank, ResourcesSpec resources)
    {
        await InitialiseAsync(sweepId, spec.Seed);
        await QueueAsync(new VaeWork
        {
            SweepId = sweepId,
            UnitId = UnitId,
            Seed = spec.Seed,
            Resources = resources,
            Layer = layer,
            Spec = spec,
            Bank = bank,
        });
    }

    protected override IReadOnlyList<ArtifactRef> ArtifactsOf(UnitState state) =>
        state.Result is VaeResult result ? [result.Weights] : [];
}
