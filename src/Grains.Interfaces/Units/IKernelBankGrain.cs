namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>The kernel bank (extract, prune, split) built from every source run's model. Keyed <c>{sweep}/bank</c>.</summary>
[Alias("dwp.IKernelBankGrain")]
public interface IKernelBankGrain : IUnitGrain;
