using DwpFarm.Storage.Artifacts;

namespace DwpFarm.Storage.Tests;

public sealed class SqliteArtifactStoreTests() : ArtifactStoreTests(new SqliteDatabaseFixture());

[Collection(PostgresCollection.Name)]
public sealed class PostgresArtifactStoreTests(PostgresServerFixture postgres) : ArtifactStoreTests(postgres.NewDatabase());

/// <summary>The artifact store's contract, run on each engine by the classes above.</summary>
public abstract class ArtifactStoreTests(ITestDatabase db) : IDisposable
{
    private readonly ITestDatabase _db = db;

    [Fact]
    public async Task Put_then_get_round_trips_under_the_content_hash()
    {
        var store = new ArtifactStore(_db.Database, TimeProvider.System);
        var content = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31)).ToArray();

        var info = await store.PutAsync("bank", content);

        Assert.Equal(ArtifactStore.HashOf(content), info.Sha256);
        Assert.Equal(content, await store.GetAsync(info.Sha256));
        Assert.Equal(info, await store.FindAsync(info.Sha256));
    }

    [Fact]
    public async Task Putting_the_same_content_twice_stores_it_once()
    {
        var store = new ArtifactStore(_db.Database, TimeProvider.System);

        var a = await store.PutAsync("checkpoint", [1, 2, 3]);
        var b = await store.PutAsync("checkpoint", [1, 2, 3]);

        Assert.Equal(a, b);
        Assert.Equal(2L, await _db.ScalarAsync("SELECT (SELECT COUNT(*) FROM DwpArtifacts) + (SELECT COUNT(*) FROM DwpArtifactChunks);"));
    }

    [Fact]
    public async Task A_missing_artifact_is_reported_by_hash()
    {
        var store = new ArtifactStore(_db.Database, TimeProvider.System);

        var ex = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => store.GetAsync(new string('a', 64)));

        Assert.Equal(new string('a', 64), ex.Sha256);
        Assert.Null(await store.FindAsync(new string('a', 64)));
    }

    [Fact]
    public async Task A_corrupted_row_is_detected_on_read()
    {
        var store = new ArtifactStore(_db.Database, TimeProvider.System);
        var info = await store.PutAsync("vae", [1, 2, 3, 4]);
        await _db.ScalarAsync("UPDATE DwpArtifactChunks SET Content = @c;", ("@c", new byte[] { 1, 2, 3, 5 }));

        var ex = await Assert.ThrowsAsync<ArtifactCorruptException>(() => store.GetAsync(info.Sha256));

        Assert.Equal(info.Sha256, ex.Sha256);
        Assert.Equal($"artifact {info.Sha256} is corrupt in the store (content hashes to {ArtifactStore.HashOf([1, 2, 3, 5])})", ex.Message);
    }

    [Fact]
    public async Task Putting_content_whose_row_was_corrupted_rewrites_the_row()
    {
        var store = new ArtifactStore(_db.Database, TimeProvider.System);
        byte[] content = [1, 2, 3, 4];
        var info = await store.PutAsync("model", content);
        await _db.ScalarAsync("UPDATE DwpArtifactChunks SET Content = @c;", ("@c", new byte[] { 1, 2, 3, 5 }));

        var again = await store.PutAsync("model", content);

        Assert.Equal(info, again);
        Assert.Equal(content, await store.GetAsync(info.Sha256));
        Assert.Equal(2L, await _db.ScalarAsync("SELECT (SELECT COUNT(*) FROM DwpArtifacts) + (SELECT COUNT(*) FROM DwpArtifactChunks);"));
    }

    [Fact]
    public async Task Putting_content_whose_row_lost_its_chunks_or_its_size_rewrites_the_row()
    {
        var store = new ArtifactStore(_db.Database, TimeProvider.System);
        byte[] lost = [7, 7, 7];
        byte[] resized = [8, 8, 8];
        var a = await store.PutAsync("bank", lost);
        var b = await store.PutAsync("bank", resized);
        await _db.ScalarAsync($"DELETE FROM DwpArtifactChunks WHERE Sha256 = '{a.Sha256}';");
        await _db.ScalarAsync($"UPDATE DwpArtifacts SET Size = 99 WHERE Sha256 = '{b.Sha256}';");
        await Assert.ThrowsAsync<ArtifactCorruptException>(() => store.GetAsync(a.Sha256));
        await Assert.ThrowsAsync<ArtifactCorruptException>(() => store.GetAsync(b.Sha256));

        await store.PutAsync("bank", lost);
        await store.PutAsync("bank", resized);

        Assert.Equal(lost, await store.GetAsync(a.Sha256));
        Assert.Equal(resized, await store.GetAsync(b.Sha256));
        Assert.Equal(b, await store.FindAsync(b.Sha256));
    }

    [Fact]
    public async Task A_large_artifact_is_stored_in_chunks_and_read_back_whole()
    {
        var store = new ArtifactStore(_db.Database, TimeProvider.System);
        var content = new byte[(2 * ArtifactStore.ChunkSize) + 12345];
        new Random(3).NextBytes(content);

        var info = await store.PutAsync("bank", content);

        Assert.Equal(content.LongLength, info.Size);
        Assert.Equal(3L, await _db.ScalarAsync($"SELECT COUNT(*) FROM DwpArtifactChunks WHERE Sha256 = '{info.Sha256}';"));
        Assert.Equal(content, await store.GetAsync(info.Sha256));
    }

    [Fact]
    public async Task A_missing_chunk_is_detected_on_read()
    {
        var store = new ArtifactStore(_db.Database, TimeProvider.System);
        var content = new byte[ArtifactStore.ChunkSize + 10];
        var info = await store.PutAsync("bank", content);
        await _db.ScalarAsync("DELETE FROM DwpArtifactChunks WHERE Seq = 1;");

        var ex = await Assert.ThrowsAsync<ArtifactCorruptException>(() => store.GetAsync(info.Sha256));

        Assert.Contains($"holds {ArtifactStore.ChunkSize} of its {content.Length} bytes", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _db.Dispose();
        GC.SuppressFinalize(this);
    }
}
