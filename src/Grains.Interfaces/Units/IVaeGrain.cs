namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>The prior of one conv layer: a kernel VAE fitted on the bank. Keyed <c>{sweep}/vae/{layer}</c>.</summary>
[Alias("dwp.IVaeGrain")]
public interface IVaeGrain : IUnitGrain;
