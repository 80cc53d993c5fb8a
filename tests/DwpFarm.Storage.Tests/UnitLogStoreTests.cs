using DwpFarm.Storage.Logs;
using Microsoft.Extensions.Time.Testing;

namespace DwpFarm.Storage.Tests;

public sealed class SqliteUnitLogStoreTests() : UnitLogStoreTests(new SqliteDatabaseFixture());

[Collection(PostgresCollection.Name)]
public sealed class PostgresUnitLogStoreTests(PostgresServerFixture postgres) : UnitLogStoreTests(postgres.NewDatabase());

/// <summary>The unit log's contract (`sweep logs`), run on each engine by the classes above.</summary>
public abstract class UnitLogStoreTests : IDisposable
{
    private readonly ITestDatabase _db;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly UnitLogStore _store;

    protected UnitLogStoreTests(ITestDatabase db)
    {
        _db = db;
        _store = new UnitLogStore(_db.Database, _time);
    }

    [Fact]
    public async Task Lines_come_back_in_order_with_what_was_written()
    {
        await _store.AppendAsync("s1", "s1/source/0000", 1, "silo-a", UnitLogLevel.Info, "attempt 1 started");
        _time.Advance(TimeSpan.FromSeconds(3));
        await _store.AppendAsync("s1", "s1/source/0000", 1, "silo-a", UnitLogLevel.Error, "failed: no data");

        var lines = await _store.ReadAsync("s1", null, 0, 10);

        Assert.Equal(["attempt 1 started", "failed: no data"], lines.Select(l => l.Message));
        Assert.True(lines[0].Id < lines[1].Id);
        Assert.Equal(UnitLogLevel.Error, lines[1].Level);
        Assert.Equal("silo-a", lines[1].Silo);
        Assert.Equal(1, lines[1].Attempt);
        Assert.Equal(_time.GetUtcNow(), lines[1].At);
    }

    [Fact]
    public async Task A_read_is_one_sweep_after_an_id_and_can_be_narrowed_to_units_by_prefix()
    {
        await _store.AppendAsync("s1", "s1/source/0000", 1, "a", UnitLogLevel.Info, "one");
        await _store.AppendAsync("s2", "s2/source/0000", 1, "a", UnitLogLevel.Info, "other sweep");
        await _store.AppendAsync("s1", "s1/eval/dwp/n50/s0", 1, "a", UnitLogLevel.Info, "two");
        await _store.AppendAsync("s1", "s1/eval/xavier/n50/s0", 2, "a", UnitLogLevel.Warning, "three");

        var all = await _store.ReadAsync("s1", null, 0, 10);
        var after = await _store.ReadAsync("s1", null, all[0].Id, 10);
        var dwp = await _store.ReadAsync("s1", "s1/eval/dwp", 0, 10);
        var page = await _store.ReadAsync("s1", null, 0, 2);

        Assert.Equal(["one", "two", "three"], all.Select(l => l.Message));
        Assert.Equal(["two", "three"], after.Select(l => l.Message));
        Assert.Equal(["two"], dwp.Select(l => l.Message));
        Assert.Equal(["one", "two"], page.Select(l => l.Message));
    }

    [Fact]
    public async Task A_long_message_is_cut_so_one_line_cannot_bloat_the_database()
    {
        await _store.AppendAsync("s1", "s1/vae/conv1", 1, "a", UnitLogLevel.Error, new string('x', 10 * UnitLogStore.MaxMessageLength));

        var line = Assert.Single(await _store.ReadAsync("s1", null, 0, 10));

        Assert.Equal(UnitLogStore.MaxMessageLength, line.Message.Length);
        Assert.EndsWith("…", line.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _db.Dispose();
        GC.SuppressFinalize(this);
    }
}
