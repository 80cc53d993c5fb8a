using System.Data.Common;

namespace DwpFarm.Storage.Tests;

public sealed class SqliteOrleansStorageQueryTests() : OrleansStorageQueryTests(new SqliteDatabaseFixture());

[Collection(PostgresCollection.Name)]
public sealed class PostgresOrleansStorageQueryTests(PostgresServerFixture postgres) : OrleansStorageQueryTests(postgres.NewDatabase());

/// <summary>
/// The OrleansQuery rows obey the ADO.NET grain-storage contract: a write returns exactly
/// one NewGrainStateVersion row, new on success and the caller's own on a conflict.
/// Run on each engine by the classes above.
/// </summary>
public abstract class OrleansStorageQueryTests(ITestDatabase db) : IDisposable
{
    private readonly ITestDatabase _db = db;

    [Fact]
    public async Task First_write_creates_version_1_and_later_writes_increment_it()
    {
        Assert.Equal([1], await WriteAsync(null, [1]));
        Assert.Equal([2], await WriteAsync(1, [2]));
        Assert.Equal([3], await WriteAsync(2, [3]));

        var (payload, version) = await ReadAsync();
        Assert.Equal([3], payload);
        Assert.Equal(3, version);
    }

    [Fact]
    public async Task A_second_first_write_conflicts_and_leaves_one_row()
    {
        Assert.Equal([1], await WriteAsync(null, [1]));

        // Two activations both believing the state is new: the loser gets NULL back,
        // which Orleans reports as a version conflict, and no duplicate row appears.
        Assert.Equal([null], await WriteAsync(null, [9]));
        Assert.Equal(1, await CountRowsAsync());
        Assert.Equal([1], (await ReadAsync()).Payload);
    }

    [Fact]
    public async Task Racing_first_writes_store_one_row_and_all_but_one_conflict()
    {
        // dotnet/orleans#11303: concurrent first writes on separate connections.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => WriteAsync(null, [(byte)i]))));

        var versions = results.Select(Assert.Single).ToList();
        Assert.Equal(1, versions.Count(v => v == 1));
        Assert.Equal(7, versions.Count(v => v is null));
        Assert.Equal(1, await CountRowsAsync());
        Assert.Equal(1, (await ReadAsync()).Version);
    }

    [Fact]
    public async Task A_null_and_an_empty_key_extension_name_the_same_state_row()
    {
        // NULL and '' both mean "no extension", so they name the same state row.
        Assert.Equal([1], await WriteAsync(null, [1], extension: null));
        Assert.Equal([null], await WriteAsync(null, [2], extension: string.Empty));
        Assert.Equal([2], await WriteAsync(1, [3], extension: null));
        Assert.Equal(1, await CountRowsAsync());
    }

    [Fact]
    public async Task A_stale_version_conflicts_and_returns_the_callers_version()
    {
        await WriteAsync(null, [1]);
        await WriteAsync(1, [2]);

        Assert.Equal([1], await WriteAsync(1, [7]));
        Assert.Equal([2], (await ReadAsync()).Payload);
    }

    [Fact]
    public async Task Clear_nulls_the_payload_and_bumps_the_version()
    {
        await WriteAsync(null, [1]);

        Assert.Equal([2], await RunAsync("ClearStorageKey", 1, null, Extension));
        var (payload, version) = await ReadAsync();
        Assert.Null(payload);
        Assert.Equal(2, version);

        // Clearing again under the stale version is a conflict.
        Assert.Equal([1], await RunAsync("ClearStorageKey", 1, null, Extension));
    }

    public void Dispose()
    {
        _db.Dispose();
        GC.SuppressFinalize(this);
    }

    private const string Extension = "s-1";

    private Task<List<int?>> WriteAsync(int? version, byte[] payload, string? extension = Extension) => RunAsync("WriteToStorageKey", version, payload, extension);

    private async Task<List<int?>> RunAsync(string queryKey, int? version, byte[]? payload, string? extension)
    {
        await using var connection = await _db.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = await QueryTextAsync(connection, queryKey);
        AddKey(command, extension);
        TestDatabaseExtensions.AddParameter(command, "@GrainStateVersion", version);
        TestDatabaseExtensions.AddParameter(command, "@PayloadBinary", payload);
        var versions = new List<int?>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                versions.Add(reader.IsDBNull(0) ? null : reader.GetInt32(0));
            }
        }
        while (await reader.NextResultAsync());
        return versions;
    }

    private async Task<(byte[]? Payload, int? Version)> ReadAsync()
    {
        await using var connection = await _db.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = await QueryTextAsync(connection, "ReadFromStorageKey");
        AddKey(command, Extension);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
    }

    private async Task<long> CountRowsAsync() => (long)(await _db.ScalarAsync("SELECT COUNT(*) FROM OrleansStorage;"))!;

    private static async Task<string> QueryTextAsync(DbConnection connection, string key)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = @k;";
        TestDatabaseExtensions.AddParameter(command, "@k", key);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    // The types Orleans binds: int hashes, long id halves, strings.
    private static void AddKey(DbCommand command, string? extension)
    {
        TestDatabaseExtensions.AddParameter(command, "@GrainIdHash", 42);
        TestDatabaseExtensions.AddParameter(command, "@GrainIdN0", 0L);
        TestDatabaseExtensions.AddParameter(command, "@GrainIdN1", 0L);
        TestDatabaseExtensions.AddParameter(command, "@GrainTypeHash", 7);
        TestDatabaseExtensions.AddParameter(command, "@GrainTypeString", "sweep");
        TestDatabaseExtensions.AddParameter(command, "@GrainIdExtensionString", extension);
        TestDatabaseExtensions.AddParameter(command, "@ServiceId", "dwpfarm");
    }
}
