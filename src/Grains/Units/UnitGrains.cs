using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Units;

/// <summary>The grain that owns a unit of a given kind: the one mapping from queue kinds to grain interfaces.</summary>
public static class UnitGrains
{
    public static IUnitGrain Get(IGrainFactory grains, string kind, string unitId) => kind switch
    {
        UnitKind.Source => grains.GetGrain<ISourceRunGrain>(unitId),
        UnitKind.Bank => grains.GetGrain<IKernelBankGrain>(unitId),
        UnitKind.Vae => grains.GetGrain<IVaeGrain>(unitId),
        UnitKind.Evaluation => grains.GetGrain<IEvaluationGrain>(unitId),
        _ => throw new InvalidOperationException($"unknown unit kind '{kind}' for {unitId}"),
    };
}
