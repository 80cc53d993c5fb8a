using System.Data.Common;

namespace DwpFarm.Storage.Logs;

/// <summary>
/// Every unit's log lines in the farm database, so `dwpfarm sweep logs` shows what an attempt did from outside the
/// cluster, whichever silo ran it and even after that silo is gone. The silos' own logs stay the full record.
/// </summary>
public sealed class UnitLogStore(FarmDatabase database, TimeProvider time)
{
    /// <summary>Longer messages (a stack of nested errors, say) are cut here, so one line cannot bloat the database.</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>The most lines one read returns; a follower asks again from the last id.</summary>
    public const int MaxPage = 1000;

    /// <summary>Appends a line; <paramref name="at"/>: when it was said (default now), as a writer in the background knows it.</summary>
    public async Task AppendAsync(string sweepId, string unitId, int attempt, string silo, UnitLogLevel level, string message, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "INSERT INTO DwpUnitLog (SweepId, UnitId, Attempt, At, Silo, Level, Message) VALUES (@sweep, @unit, @attempt, @at, @silo, @level, @message);");
        await command
            .WithParameter("@sweep", sweepId)
            .WithParameter("@unit", unitId)
            .WithParameter("@attempt", attempt)
            .WithParameter("@at", (at ?? time.GetUtcNow()).ToUnixTimeMilliseconds())
            .WithParameter("@silo", silo)
            .WithParameter("@level", level.ToString())
            .WithParameter("@message", message.Length <= MaxMessageLength ? message : message[..(MaxMessageLength - 1)] + "…")
            .ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A sweep's lines after <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/> of them; only
    /// those of units whose id starts with <paramref name="unitPrefix"/> when it is given.
    /// </summary>
    public async Task<IReadOnlyList<UnitLogEntry>> ReadAsync(string sweepId, string? unitPrefix, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            SELECT Id, UnitId, Attempt, At, Silo, Level, Message FROM DwpUnitLog
            WHERE SweepId = @sweep AND Id > @after{(unitPrefix is null ? string.Empty : " AND substr(UnitId, 1, @length) = @prefix")}
            ORDER BY Id
            LIMIT {limit};
            """);
        command.WithParameter("@sweep", sweepId).WithParameter("@after", afterId);
        if (unitPrefix is not null)
        {
            // substr rather than LIKE: no wildcards to escape, whose rules differ by engine.
            command.WithParameter("@length", unitPrefix.Length).WithParameter("@prefix", unitPrefix);
        }

        var entries = new List<UnitLogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    private static UnitLogEntry Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        reader.GetString(4),
        Enum.Parse<UnitLogLevel>(reader.GetString(5)),
        reader.GetString(6));
}
