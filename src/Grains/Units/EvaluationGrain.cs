using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Units;

/// <summary>One (method, train size, seed) comparison training on the target task.</summary>
public sealed class EvaluationGrain(
    [PersistentState("unit", Constants.StorageName)] IPersistentState<UnitState> state,
    UnitServices services)
    : UnitGrain(state, services), IEvaluationGrain
{
    protected override string Kind => UnitKind.Evaluation;
}
