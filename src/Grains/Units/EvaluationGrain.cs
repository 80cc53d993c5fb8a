using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Units;

/// <summary>One (method, train size, seed) comparison training on the target task.</summary>
public sealed class EvaluationGrain(
    [PersistentState("unit", Constants.StorageName)] IPersistentState<UnitState> state,
    UnitServices services)
    : UnitGrain<UnitState>(state, services), IEvaluationGrain
{
    protected override string Kind => UnitKind.Evaluation;

    public async Task StartAsync(EvaluationAssignment assignment)
    {
        await InitialiseAsync(assignment.SweepId, assignment.Seed);
        await QueueAsync(new EvaluationWork
        {
            SweepId = assignment.SweepId,
            UnitId = UnitId,
            Seed = assignment.Seed,
            Resources = assignment.Resources,
            Spec = assignment.Spec,
            Method = assignment.Method,
            TrainSize = assignment.TrainSize,
            Bank = assignment.Bank,
            Vaes = assignment.Vaes,
        });
    }
}
