using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Units;

/// <summary>Gathers every source run's model and seals (queues the bank build) when all have reported.</summary>
public sealed class KernelBankGrain(
    [PersistentState("unit", Constants.StorageName)] IPersistentState<KernelBankState> state,
    UnitServices services)
    : UnitGrain<KernelBankState>(state, services), IKernelBankGrain
{
    protected override string Kind => UnitKind.Bank;

    public async Task StartAsync(string sweepId, BankSpec spec, int runs, ResourcesSpec resources)
    {
        await InitialiseAsync(sweepId, spec.Seed);
        if (State.ExpectedRuns == 0)
        {
            State.Spec = spec;
            State.Resources = resources;
            State.ExpectedRuns = runs;
            await WriteStateAsync();
        }

        await SealIfCompleteAsync();
    }

    public async Task<bool> AddRunAsync(int index, ArtifactRef model)
    {
        if (!State.Runs.TryAdd(index, model))
        {
            return false;
        }

        await WriteStateAsync();
        await SealIfCompleteAsync();
        return true;
    }

    protected override IReadOnlyList<ArtifactRef> ArtifactsOf(KernelBankState state) =>
        state.Result is BankResult result ? [result.Bank] : [];

    private async Task SealIfCompleteAsync()
    {
        if (State.ExpectedRuns == 0 || State.Runs.Count < State.ExpectedRuns || State.Spec is null)
        {
            return;
        }

        await QueueAsync(new BankWork
        {
            SweepId = State.SweepId,
            UnitId = UnitId,
            Seed = State.Spec.Seed,
            Resources = State.Resources!,
            Spec = State.Spec,
            Models = [.. State.Runs.OrderBy(r => r.Key).Select(r => r.Value)],
        });
    }
}
