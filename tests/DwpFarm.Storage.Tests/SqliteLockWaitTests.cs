using DwpFarm.Storage.Queue;

namespace DwpFarm.Storage.Tests;

/// <summary>The embedded SQLite file has one writer at a time; our connections let SQLite itself wait for it.</summary>
public sealed class SqliteLockWaitTests : IDisposable
{
    private readonly SqliteDatabaseFixture _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Our_connections_set_sqlites_own_busy_timeout()
    {
        Assert.Equal((long)FarmDatabase.BusyTimeoutMilliseconds, await _db.ScalarAsync("PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task A_claim_waits_while_another_connection_writes_and_then_succeeds()
    {
        var queue = new WorkQueue(_db.Database, TimeProvider.System);
        await queue.EnqueueAsync([new WorkItem("u1", "source", "sweep-1", 0)]);

        await using var writer = await _db.Database.OpenAsync();
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var claim = Task.Run(() => queue.TryClaimAsync("silo-a", TimeSpan.FromSeconds(30)));
        await Task.Delay(300);
        Assert.False(claim.IsCompleted, "the claim wrote while another connection held the write lock");

        await using (var commit = writer.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        Assert.Equal("u1", (await claim)!.UnitId);
    }
}
