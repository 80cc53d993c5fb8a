using System.Data.Common;

namespace DwpFarm.Storage.Queue;

/// <summary>
/// The durable queue that silos pull work from. Claims take a time-bound lease; a silo
/// that dies stops renewing, its leases expire, and any slot in the cluster takes the
/// work over. The owning grain, not the queue, decides whether a result counts, so a
/// unit that runs twice after a takeover is still recorded once.
/// </summary>
public sealed class WorkQueue(FarmDatabase database, TimeProvider time)
{
    private const string Columns = "UnitId, Kind, SweepId, Attempts, Generation, LeaseOwner, Slots";

    /// <summary>Adds units that are not yet in the queue; returns how many were new.</summary>
    public async Task<int> EnqueueAsync(IEnumerable<WorkItem> items, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = Now();
        var added = 0;
        foreach (var item in items)
        {
            await using var command = connection.Command(
                "INSERT INTO DwpWorkQueue (UnitId, Kind, SweepId, State, Priority, EnqueuedAt, Slots) VALUES (@id, @kind, @sweep, @state, @priority, @now, @slots) ON CONFLICT (UnitId) DO NOTHING;",
                transaction);
            added += await command
                .WithParameter("@id", item.UnitId)
                .WithParameter("@kind", item.Kind)
                .WithParameter("@sweep", item.SweepId)
                .WithParameter("@state", WorkState.Queued)
                .WithParameter("@priority", item.Priority)
                .WithParameter("@slots", item.Slots)
                .WithParameter("@now", now)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>
    /// Puts finished or cancelled units back in the queue (retry, repair); returns how many moved. Their attempts
    /// count from one again, so a unit that gave up, or is re-run to repair an artifact, gets every attempt.
    /// </summary>
    public Task<int> RequeueAsync(IEnumerable<string> unitIds, CancellationToken cancellationToken = default) =>
        UpdateEachAsync(
            unitIds,
            "UPDATE DwpWorkQueue SET State = @queued, LeaseOwner = NULL, LeaseExpiresAt = NULL, EnqueuedAt = @now, Attempts = 0 WHERE UnitId = @id AND State IN (@done, @cancelled);",
            cancellationToken);

    /// <summary>
    /// Takes the oldest waiting unit of the highest priority that the claimer could ever run (at most
    /// <paramref name="siloSlots"/> slots), if it needs at most <paramref name="freeSlots"/>; else null. So a unit at
    /// the head that needs more slots than are free is waited for, and nothing of lower rank passes it and keeps its
    /// slots busy for ever (slot reservation). A unit larger than the claimer's silo is left to a larger one.
    /// </summary>
    /// <param name="owner">The claiming silo.</param>
    /// <param name="leaseTime">How long the lease lasts unless renewed.</param>
    /// <param name="freeSlots">The claimer's free slots.</param>
    /// <param name="siloSlots">The claimer's slots in all; null: <paramref name="freeSlots"/>, which reserves nothing.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    public async Task<WorkLease?> TryClaimAsync(string owner, TimeSpan leaseTime, int freeSlots = 1, int? siloSlots = null, CancellationToken cancellationToken = default)
    {
        // SKIP LOCKED lets PostgreSQL claimers pass each other; SQLite has one writer anyway.
        var skipLocked = database.Provider == DatabaseProvider.Postgres ? " FOR UPDATE SKIP LOCKED" : string.Empty;
        var now = Now();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            UPDATE DwpWorkQueue
            SET State = @leased, LeaseOwner = @owner, LeaseExpiresAt = @expires, Attempts = Attempts + 1, Generation = Generation + 1
            WHERE UnitId = (
                SELECT UnitId FROM DwpWorkQueue
                WHERE (State = @queued OR (State = @leased AND LeaseExpiresAt < @now)) AND Slots <= @silo
                ORDER BY Priority DESC, EnqueuedAt, UnitId
                LIMIT 1{skipLocked})
              AND Slots <= @free
            RETURNING {Columns};
            """);
        command
            .WithParameter("@leased", WorkState.Leased)
            .WithParameter("@queued", WorkState.Queued)
            .WithParameter("@owner", owner)
            .WithParameter("@free", freeSlots)
            .WithParameter("@silo", Math.Max(freeSlots, siloSlots ?? freeSlots))
            .WithParameter("@now", now)
            .WithParameter("@expires", now + (long)leaseTime.TotalMilliseconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadLease(reader) : null;
    }

    /// <summary>Extends a live lease; false when it was lost to another slot or the unit ended.</summary>
    public Task<bool> RenewAsync(WorkLease lease, TimeSpan leaseTime, CancellationToken cancellationToken = default) =>
        UpdateLeaseAsync(lease, "LeaseExpiresAt = @until", [("@until", Now() + (long)leaseTime.TotalMilliseconds)], cancellationToken);

    /// <summary>Hands a unit back unfinished (graceful shutdown) so another slot resumes it at once.</summary>
    public Task<bool> ReleaseAsync(WorkLease lease, CancellationToken cancellationToken = default) =>
        UpdateLeaseAsync(lease, "State = @queued, LeaseOwner = NULL, LeaseExpiresAt = NULL", [("@queued", WorkState.Queued)], cancellationToken);

    /// <summary>
    /// Hands a unit back whose attempt never started (its grain was unreachable, e.g. on a silo
    /// that just died): not counted as an attempt, and claimable again only after
    /// <paramref name="delay"/>, so slots do not spin on it until the cluster notices the death.
    /// </summary>
    public Task<bool> DeferAsync(WorkLease lease, TimeSpan delay, CancellationToken cancellationToken = default) =>
        UpdateLeaseAsync(lease, "LeaseOwner = NULL, LeaseExpiresAt = @until, Attempts = Attempts - 1", [("@until", Now() + (long)delay.TotalMilliseconds)], cancellationToken);

    /// <summary>Marks a unit as no longer needing a slot, whoever holds it.</summary>
    public Task<int> CompleteAsync(string unitId, CancellationToken cancellationToken = default) =>
        UpdateEachAsync(
            [unitId],
            "UPDATE DwpWorkQueue SET State = @done, LeaseOwner = NULL, LeaseExpiresAt = NULL WHERE UnitId = @id AND State IN (@queued, @leased);",
            cancellationToken);

    /// <summary>Withdraws a sweep's waiting units; running ones finish their current lease.</summary>
    public async Task<int> CancelSweepAsync(string sweepId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("UPDATE DwpWorkQueue SET State = @cancelled WHERE SweepId = @sweep AND State = @queued;");
        return await command
            .WithParameter("@cancelled", WorkState.Cancelled)
            .WithParameter("@sweep", sweepId)
            .WithParameter("@queued", WorkState.Queued)
            .ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Counts by state, for the whole queue or one sweep.</summary>
    public async Task<QueueStats> StatsAsync(string? sweepId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT
                SUM(CASE WHEN State = @queued THEN 1 ELSE 0 END),
                SUM(CASE WHEN State = @leased AND LeaseExpiresAt >= @now THEN 1 ELSE 0 END),
                SUM(CASE WHEN State = @leased AND LeaseExpiresAt < @now THEN 1 ELSE 0 END),
                SUM(CASE WHEN State = @done THEN 1 ELSE 0 END),
                SUM(CASE WHEN State = @cancelled THEN 1 ELSE 0 END)
            FROM DwpWorkQueue
            """ + (sweepId is null ? ";" : " WHERE SweepId = @sweep;"));
        command
            .WithParameter("@queued", WorkState.Queued)
            .WithParameter("@leased", WorkState.Leased)
            .WithParameter("@done", WorkState.Done)
            .WithParameter("@cancelled", WorkState.Cancelled)
            .WithParameter("@now", Now());
        if (sweepId is not null)
        {
            command.WithParameter("@sweep", sweepId);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new QueueStats(Count(reader, 0), Count(reader, 1), Count(reader, 2), Count(reader, 3), Count(reader, 4));
    }

    /// <summary>Records this silo's slots; called from its heartbeat.</summary>
    public async Task ReportSiloAsync(SiloCapacity silo, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            INSERT INTO DwpSilos (SiloId, Address, Slots, BusySlots, Device, HeartbeatAt) VALUES (@id, @address, @slots, @busy, @device, @at)
            ON CONFLICT (SiloId) DO UPDATE SET Address = excluded.Address, Slots = excluded.Slots, BusySlots = excluded.BusySlots,
                Device = excluded.Device, HeartbeatAt = excluded.HeartbeatAt;
            """);
        await command
            .WithParameter("@id", silo.SiloId)
            .WithParameter("@address", silo.Address)
            .WithParameter("@slots", silo.Slots)
            .WithParameter("@busy", silo.BusySlots)
            .WithParameter("@device", silo.Device)
            .WithParameter("@at", silo.HeartbeatAt.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Forgets a silo that leaves, so that it is not counted live for the rest of the heartbeat window.</summary>
    public async Task ForgetSiloAsync(string siloId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM DwpSilos WHERE SiloId = @id;").WithParameter("@id", siloId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Silos whose heartbeat is newer than <paramref name="maxAge"/>.</summary>
    public async Task<IReadOnlyList<SiloCapacity>> LiveSilosAsync(TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT SiloId, Address, Slots, BusySlots, Device, HeartbeatAt FROM DwpSilos WHERE HeartbeatAt >= @since ORDER BY SiloId;")
            .WithParameter("@since", Now() - (long)maxAge.TotalMilliseconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var silos = new List<SiloCapacity>();
        while (await reader.ReadAsync(cancellationToken))
        {
            silos.Add(new SiloCapacity(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return silos;
    }

    private async Task<int> UpdateEachAsync(IEnumerable<string> unitIds, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = 0;
        foreach (var id in unitIds)
        {
            await using var command = connection.Command(sql, transaction);
            changed += await command
                .WithParameter("@id", id)
                .WithParameter("@queued", WorkState.Queued)
                .WithParameter("@leased", WorkState.Leased)
                .WithParameter("@done", WorkState.Done)
                .WithParameter("@cancelled", WorkState.Cancelled)
                .WithParameter("@now", Now())
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private static WorkLease ReadLease(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetInt64(4),
        reader.GetString(5),
        reader.GetInt32(6));

    private static int Count(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Changes a lease that is still this holder's (same generation, still leased); false when it was lost.</summary>
    private async Task<bool> UpdateLeaseAsync(WorkLease lease, string set, (string Name, object Value)[] values, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"UPDATE DwpWorkQueue SET {set} WHERE UnitId = @id AND Generation = @gen AND State = @leased;");
        command.WithParameter("@id", lease.UnitId).WithParameter("@gen", lease.Generation).WithParameter("@leased", WorkState.Leased);
        foreach (var (name, value) in values)
        {
            command.WithParameter(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
