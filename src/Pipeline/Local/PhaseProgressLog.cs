using System.Globalization;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Scheduling;

namespace DwpFarm.Pipeline.Local;

/// <summary>
/// The lab's line for a whole phase: after each unit it trained, how many of the phase's units are done (and how many
/// of those came from the source cache), how many run, and the phase's time left by the farm's own estimate
/// (<see cref="PhaseEta"/>), so a run of hours says when its longest stage ends, not only when each unit does.
/// A unit reused from the cache gets no line of its own here (<see cref="LocalSweep"/> names it) and adds no duration.
/// Called from every slot's thread.
/// </summary>
internal sealed class PhaseProgressLog(SweepPlan plan, Action<string> log, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UnitPace> _paces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan?> _finished = new(StringComparer.Ordinal);

    public void Started(string unitId)
    {
        lock (_gate)
        {
            _running.Add(unitId);
        }
    }

    public void Reported(string unitId, UnitProgress progress)
    {
        lock (_gate)
        {
            _paces[unitId] = UnitPace.Next(_paces.GetValueOrDefault(unitId), progress, clock.GetUtcNow());
        }
    }

    public void Reused(string unitId) => Finish(unitId, duration: null);

    public void Finished(string unitId, TimeSpan duration) => Finish(unitId, duration);

    private void Finish(string unitId, TimeSpan? duration)
    {
        // Written under the lock: two slots finishing together printed "2 of 2 done" before "1 of 2 done".
        lock (_gate)
        {
            _running.Remove(unitId);
            _paces.Remove(unitId);
            _finished[unitId] = duration;
            if (duration is not null && PhaseTable.OfKind(UnitIds.KindOf(unitId)) is { } row)
            {
                log(Line(row));
            }
        }
    }

    private string Line(PhaseRow row)
    {
        bool Mine(string id) => UnitIds.KindOf(id) == row.Kind;
        var total = plan.Planned(row.Phase);
        var finished = _finished.Where(f => Mine(f.Key)).Select(f => f.Value).ToList();
        var reused = finished.Count(d => d is null);
        var running = _running.Where(Mine).Select(id => _paces.TryGetValue(id, out var pace) ? pace : null).ToList();
        var text = string.Create(CultureInfo.InvariantCulture, $"{plan.SweepId}: {row.Units} {finished.Count} of {total} done");
        if (reused > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" ({reused} from the cache)");
        }

        if (finished.Count >= total)
        {
            return text;
        }

        var waiting = Math.Max(0, total - finished.Count - running.Count);
        // The line comes as a unit finishes, before its slot takes the next waiting unit: count that slot as busy.
        var eta = PhaseEta.Estimate(running, finished.OfType<TimeSpan>(), waiting, clock.GetUtcNow(), running.Count + (waiting > 0 ? 1 : 0));
        return text + string.Create(
            CultureInfo.InvariantCulture,
            $", {running.Count} running, ETA {UnitProgressLog.EtaText(eta)}");
    }
}
