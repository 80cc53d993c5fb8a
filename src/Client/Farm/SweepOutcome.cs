using DwpFarm.Client.Infrastructure;
using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Client.Farm;

/// <summary>The exit code of a command that followed a sweep to its end.</summary>
public static class SweepOutcome
{
    /// <summary>
    /// Success only for a sweep that completed with every unit: a sweep whose failed
    /// evaluations are left out of its tables still "completes", and scripts must see that.
    /// </summary>
    public static int ExitCode(SweepStatus status) =>
        status.Phase == SweepPhase.Completed && status.Message is null && status.Phases.All(p => p.Failed == 0)
            ? ExitCodes.Ok
            : ExitCodes.Failed;
}
