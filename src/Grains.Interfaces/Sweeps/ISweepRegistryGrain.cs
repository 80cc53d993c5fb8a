namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>The list of sweeps (key 0). Touched on submit and phase changes only, never per step.</summary>
[Alias("dwp.ISweepRegistryGrain")]
public interface ISweepRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Upsert")]
    Task UpsertAsync(SweepListing listing);

    [Alias("List")]
    Task<IReadOnlyList<SweepListing>> ListAsync();

    /// <summary>Wakes every unfinished sweep so it re-drives its work; called when a silo starts.</summary>
    [Alias("ResumeActive")]
    Task<int> ResumeActiveAsync();
}
