using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>The prior of one conv layer: a kernel VAE fitted on the bank. Keyed <c>{sweep}/vae/{layer}</c>.</summary>
[Alias("dwp.IVaeGrain")]
public interface IVaeGrain : IUnitGrain
{
    [Alias("Start")]
    Task StartAsync(string sweepId, string layer, VaeSpec spec, ArtifactRef bank, ResourcesSpec resources);
}
