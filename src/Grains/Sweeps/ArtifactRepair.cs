using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Sweeps;

/// <summary>
/// Which units <c>sweep retry</c> re-runs to repair artifacts that failed units could not read. The producer of
/// each such artifact runs again (writing the same content repairs the store's row), and so does every unit
/// downstream of a re-run unit, so the plan rebuilds their work from the fresh results and nothing stays built on
/// an artifact that was rewritten.
/// </summary>
public sealed record ArtifactRepair(IReadOnlyList<string> Producers, IReadOnlyList<string> Downstream)
{
    public IEnumerable<string> Units => Producers.Concat(Downstream);

    public static ArtifactRepair Plan(IReadOnlyCollection<UnitSummary> units)
    {
        var unreadable = units.Where(u => u.Status == UnitStatus.Failed && u.UnreadableInput is not null).Select(u => u.UnreadableInput!).ToList();

        // By hash as well as by name: identical bytes written by two units are one row, and either run repairs it.
        var producers = units
            .Where(u => unreadable.Any(a => a.Producer == u.UnitId || u.Artifacts.Any(o => o.Sha256 == a.Sha256)))
            .Select(u => u.UnitId)
            .Order(StringComparer.Ordinal)
            .ToList();
        var rerun = new HashSet<string>(producers, StringComparer.Ordinal);
        var byId = units.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        var downstream = new List<string>();
        var open = new Queue<string>(producers);
        while (open.TryDequeue(out var id))
        {
            var outputs = byId[id].Artifacts.Select(a => a.Sha256).ToHashSet(StringComparer.Ordinal);
            foreach (var consumer in units.Where(u => u.Inputs.Any(i => i.Producer == id || outputs.Contains(i.Sha256))))
            {
                if (rerun.Add(consumer.UnitId))
                {
                    downstream.Add(consumer.UnitId);
                    open.Enqueue(consumer.UnitId);
                }
            }
        }

        return new ArtifactRepair(producers, downstream);
    }
}
