using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Grains.Sweeps;

/// <summary>The list of sweeps. Written on submit and phase changes only.</summary>
public sealed class SweepRegistryGrain(
    [PersistentState("registry", Constants.StorageName)] IPersistentState<SweepRegistryState> state)
    : Grain, ISweepRegistryGrain
{
    public async Task UpsertAsync(SweepListing listing)
    {
        if (state.State.Sweeps.TryGetValue(listing.SweepId, out var known) && known == listing)
        {
            return;
        }

        state.State.Sweeps[listing.SweepId] = listing;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SweepListing>> ListAsync() =>
        Task.FromResult<IReadOnlyList<SweepListing>>([.. state.State.Sweeps.Values.OrderBy(s => s.SubmittedAt)]);

    public async Task<int> ResumeActiveAsync()
    {
        var active = state.State.Sweeps.Values
            .Where(s => !s.Phase.IsFinished())
            .ToList();

        // Activating each sweep restarts its timer; the status call is only the wake-up.
        await Task.WhenAll(active.Select(s => GrainFactory.GetGrain<ISweepGrain>(s.SweepId).GetStatusAsync()));
        return active.Count;
    }
}
