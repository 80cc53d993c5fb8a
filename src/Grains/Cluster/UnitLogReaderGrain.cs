using DwpFarm.Grains.Interfaces.Cluster;
using DwpFarm.Storage.Logs;
using Orleans.Concurrency;

namespace DwpFarm.Grains.Cluster;

/// <summary>Serves `sweep logs` from the unit log table; a stateless worker, so reads spread over the silos.</summary>
[StatelessWorker]
public sealed class UnitLogReaderGrain(UnitLogStore store) : Grain, IUnitLogReaderGrain
{
    public async Task<IReadOnlyList<UnitLogLine>> ReadAsync(string sweepId, string? unitPrefix, long afterId)
    {
        var entries = await store.ReadAsync(sweepId, unitPrefix, afterId, IUnitLogReaderGrain.PageSize);
        return [.. entries.Select(e => new UnitLogLine(e.Id, e.UnitId, e.Attempt, e.At, e.Silo, e.Level.ToString(), e.Message))];
    }
}
