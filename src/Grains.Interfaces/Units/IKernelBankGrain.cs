using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>
/// Gathers the source runs' models and, once every run has reported, seals: it queues
/// the bank build (extract, prune, split). Keyed <c>{sweep}/bank</c>.
/// </summary>
[Alias("dwp.IKernelBankGrain")]
public interface IKernelBankGrain : IUnitGrain
{
    [Alias("Start")]
    Task StartAsync(string sweepId, BankSpec spec, int runs, ResourcesSpec resources);

    /// <summary>A source run's trained model. Returns false for a run already reported.</summary>
    [Alias("AddRun")]
    Task<bool> AddRunAsync(int index, ArtifactRef model);
}
