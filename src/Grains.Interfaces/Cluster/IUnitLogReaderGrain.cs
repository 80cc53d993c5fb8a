namespace DwpFarm.Grains.Interfaces.Cluster;

/// <summary>Reads the units' log lines of a sweep from the farm database; any silo serves any sweep.</summary>
[Alias("dwp.IUnitLogReaderGrain")]
public interface IUnitLogReaderGrain : IGrainWithIntegerKey
{
    /// <summary>Lines per read: with messages of at most 4,000 characters, well under the 1 MiB bound on a grain message.</summary>
    public const int PageSize = 200;

    /// <summary>
    /// The sweep's lines after <paramref name="afterId"/>, oldest first, a page at a time; only those of units whose id
    /// starts with <paramref name="unitPrefix"/> when given.
    /// </summary>
    [Alias("Read")]
    Task<IReadOnlyList<UnitLogLine>> ReadAsync(string sweepId, string? unitPrefix, long afterId);
}
