using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Client.Farm;

/// <summary>
/// Which statuses a log without a terminal prints: at once when the phase, its finished or failed counts or the
/// sweep's message change; otherwise at most one line every <see cref="Interval"/> (the watch stream sends a status
/// about every half second while units report progress).
/// </summary>
public sealed class ProgressCadence(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private (SweepPhase Phase, int Completed, int Failed, string? Message)? _printed;
    private DateTimeOffset _printedAt;

    public bool ShouldPrint(SweepStatus status)
    {
        var current = status.Phases.FirstOrDefault(p => p.Phase == status.Phase);
        var state = (status.Phase, current?.Completed ?? 0, current?.Failed ?? 0, status.Message);
        var now = time.GetUtcNow();
        if (_printed == state && now - _printedAt < Interval)
        {
            return false;
        }

        _printed = state;
        _printedAt = now;
        return true;
    }
}
