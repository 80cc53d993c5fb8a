using Microsoft.Data.Sqlite;

namespace DwpFarm.Storage.Tests;

/// <summary>
/// The OrleansQuery rows obey the ADO.NET grain-storage contract: a write returns exactly
/// one NewGrainStateVersion row, new on success and the caller's own on a conflict.
/// </summary>
public sealed class OrleansStorageQueryTests : IDisposable
{
    private readonly SqliteDatabaseFixture _db = new();

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

        Assert.Equal([2], await RunAsync("ClearStorageKey", 1, null));
        var (payload, version) = await ReadAsync();
        Assert.Null(payload);
        Assert.Equal(2, version);

        // Clearing again under the stale version is a conflict.
        Assert.Equal([1], await RunAsync("ClearStorageKey", 1, null));
    }

    public void Dispose() => _db.Dispose();

    private Task<List<int?>> WriteAsync(int? version, byte[] payload) => RunAsync("WriteToStorageKey", version, payload);

    private async Task<List<int?>> RunAsync(string queryKey, int? version, byte[]? payload)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = await QueryTextAsync(connection, queryKey);
        AddKey(command);
        command.Parameters.AddWithValue("@GrainStateVersion", (object?)version ?? DBNull.Value);
        command.Parameters.AddWithValue("@PayloadBinary", (object?)payload ?? DBNull.Value);
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
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = await QueryTextAsync(connection, "ReadFromStorageKey");
        AddKey(command);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
    }

    private async Task<long> CountRowsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OrleansStorage;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_db.Database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<string> QueryTextAsync(SqliteConnection connection, string key)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = @k;";
        command.Parameters.AddWithValue("@k", key);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static void AddKey(SqliteCommand command)
    {
        command.Parameters.AddWithValue("@GrainIdHash", 42);
        command.Parameters.AddWithValue("@GrainIdN0", 0L);
        command.Parameters.AddWithValue("@GrainIdN1", 0L);
        command.Parameters.AddWithValue("@GrainTypeHash", 7);
        command.Parameters.AddWithValue("@GrainTypeString", "sweep");
        command.Parameters.AddWithValue("@GrainIdExtensionString", "s-1");
        command.Parameters.AddWithValue("@ServiceId", "dwpfarm");
    }
}
