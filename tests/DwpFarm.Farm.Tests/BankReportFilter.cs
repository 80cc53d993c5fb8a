using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Farm.Tests;

/// <summary>Fails a source run's report to the bank when the <see cref="FaultPlan"/> says so.</summary>
public sealed class BankReportFilter(FaultPlan plan) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(IKernelBankGrain.AddRunAsync)
            && plan.ShouldDropBankReport(UnitIds.SweepOf(context.TargetId.Key.ToString()!)))
        {
            throw new TimeoutException("scripted: the bank's silo did not answer");
        }

        return context.Invoke();
    }
}
