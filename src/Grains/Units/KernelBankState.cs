using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Grains.Units;

/// <summary>The bank's state: the runs reported so far, until it seals.</summary>
[GenerateSerializer, Alias("dwp.KernelBankState")]
public sealed class KernelBankState : UnitState
{
    [Id(0)] public Dictionary<int, ArtifactRef> Runs { get; set; } = [];

    [Id(1)] public int ExpectedRuns { get; set; }

    [Id(2)] public BankSpec? Spec { get; set; }

    [Id(3)] public ResourcesSpec? Resources { get; set; }
}
