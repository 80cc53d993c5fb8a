using System.Data;
using System.Data.Common;

namespace DwpFarm.Storage.Tests;

/// <summary>
/// The PostgreSQL membership queries under the contract Orleans relies on: every change is
/// guarded by the table version and either applies whole or not at all. Parameters carry the
/// DbTypes the ADO.NET providers give them. (The happy path also runs in a real silo.)
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusteringQueryTests(PostgresServerFixture postgres)
{
    private const string Cluster = "c1";
    private const int Active = 3;
    private const int Dead = 6;
    private readonly PostgresDatabase _db = postgres.NewDatabase();

    [Fact]
    public async Task Membership_changes_apply_only_under_the_current_table_version()
    {
        Assert.Equal(1, await ScalarAsync("InsertMembershipVersionKey", Key()));
        Assert.Equal(0, await ScalarAsync("InsertMembershipVersionKey", Key()));
        var empty = await ReadAllAsync();
        Assert.Equal((0, null), (empty.Single().Version, empty.Single().Port));

        Assert.Equal(1, await ScalarAsync("InsertMembershipKey", Silo(11111, version: 0)));
        Assert.Equal(0, await ScalarAsync("InsertMembershipKey", Silo(11111, version: 1)));  // already a member
        Assert.Equal(0, await ScalarAsync("InsertMembershipKey", Silo(22222, version: 0)));  // stale version
        Assert.Equal(1, await ScalarAsync("InsertMembershipKey", Silo(22222, version: 1)));

        Assert.Equal(0, await ScalarAsync("UpdateMembershipKey", Update(11111, Dead, version: 1)));
        Assert.Equal(0, await ScalarAsync("UpdateMembershipKey", Update(33333, Dead, version: 2))); // not a member
        Assert.Equal(1, await ScalarAsync("UpdateMembershipKey", Update(11111, Dead, version: 2)));

        var rows = await ReadAllAsync();
        Assert.All(rows, r => Assert.Equal(3, r.Version));
        Assert.Equal([(11111, Dead), (22222, Active)], rows.Select(r => (r.Port!.Value, r.Status!.Value)).Order());
        Assert.Equal([22222 + 1], await GatewayPortsAsync());
    }

    [Fact]
    public async Task Cleanup_removes_a_dead_silo_only_while_it_holds_the_values_read()
    {
        await ScalarAsync("InsertMembershipVersionKey", Key());
        await ScalarAsync("InsertMembershipKey", Silo(11111, version: 0));
        await ScalarAsync("UpdateMembershipKey", Update(11111, Dead, version: 1));
        var dead = (await ReadAllAsync()).Single();

        await ExecuteAsync("CleanupDefunctSiloEntryKey", Cleanup(dead with { IAmAliveTime = dead.IAmAliveTime!.Value.AddSeconds(1) }));
        Assert.Single(await ReadAllAsync(), r => r.Port == 11111);

        await ExecuteAsync("CleanupDefunctSiloEntryKey", Cleanup(dead));
        Assert.DoesNotContain(await ReadAllAsync(), r => r.Port == 11111);
    }

    [Fact]
    public async Task Bulk_cleanup_keeps_live_silos()
    {
        await ScalarAsync("InsertMembershipVersionKey", Key());
        await ScalarAsync("InsertMembershipKey", Silo(11111, version: 0));
        await ScalarAsync("InsertMembershipKey", Silo(22222, version: 1));
        await ScalarAsync("UpdateMembershipKey", Update(11111, Dead, version: 2));

        await ExecuteAsync("CleanupDefunctSiloEntriesKey", c =>
        {
            Key()(c);
            Add(c, "IAmAliveTime", DateTime.UtcNow.AddMinutes(1), DbType.DateTime);
        });

        Assert.Equal([22222], (await ReadAllAsync()).Select(r => r.Port!.Value));
    }

    private sealed record Member(int Version, int? Port, int? Status, DateTime? StartTime, DateTime? IAmAliveTime);

    private static Action<DbCommand> Key() => c => Add(c, "DeploymentId", Cluster, DbType.String);

    private static Action<DbCommand> Address(int port) => c =>
    {
        Key()(c);
        Add(c, "Address", "127.0.0.1", DbType.AnsiString);
        Add(c, "Port", port, DbType.Int32);
        Add(c, "Generation", 7, DbType.Int32);
    };

    private static Action<DbCommand> Silo(int port, int version) => c =>
    {
        Address(port)(c);
        Add(c, "SiloName", $"silo-{port}", DbType.String);
        Add(c, "HostName", "host", DbType.String);
        Add(c, "Status", Active, DbType.Int32);
        Add(c, "ProxyPort", port + 1, DbType.Int32);
        Add(c, "StartTime", DateTime.UtcNow, DbType.DateTime);
        Add(c, "IAmAliveTime", DateTime.UtcNow, DbType.DateTime);
        Add(c, "Version", version, DbType.Int32);
    };

    private static Action<DbCommand> Update(int port, int status, int version) => c =>
    {
        Address(port)(c);
        Add(c, "Status", status, DbType.Int32);
        Add(c, "SuspectTimes", null, DbType.String);
        Add(c, "IAmAliveTime", DateTime.UtcNow, DbType.DateTime);
        Add(c, "Version", version, DbType.Int32);
    };

    private static Action<DbCommand> Cleanup(Member member) => c =>
    {
        Address(member.Port!.Value)(c);
        Add(c, "SuspectTimes", null, DbType.String);
        Add(c, "StartTime", member.StartTime!.Value, DbType.DateTime);
        Add(c, "IAmAliveTime", member.IAmAliveTime!.Value, DbType.DateTime);
    };

    private static void Add(DbCommand command, string name, object? value, DbType type)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        p.DbType = type;
        command.Parameters.Add(p);
    }

    private async Task<int> ScalarAsync(string key, Action<DbCommand> parameters)
    {
        await using var connection = await _db.Database.OpenAsync();
        await using var command = await QueryAsync(connection, key, parameters);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string key, Action<DbCommand> parameters)
    {
        await using var connection = await _db.Database.OpenAsync();
        await using var command = await QueryAsync(connection, key, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<Member>> ReadAllAsync()
    {
        await using var connection = await _db.Database.OpenAsync();
        await using var command = await QueryAsync(connection, "MembershipReadAllKey", Key());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Member>();
        while (await reader.ReadAsync())
        {
            // By name, as Orleans reads them.
            int? Int(string name) => reader.IsDBNull(reader.GetOrdinal(name)) ? null : reader.GetInt32(reader.GetOrdinal(name));
            DateTime? Time(string name) => reader.IsDBNull(reader.GetOrdinal(name)) ? null : reader.GetDateTime(reader.GetOrdinal(name));
            rows.Add(new Member(reader.GetInt32(reader.GetOrdinal("Version")), Int("Port"), Int("Status"), Time("StartTime"), Time("IAmAliveTime")));
        }

        return rows;
    }

    private async Task<List<int>> GatewayPortsAsync()
    {
        await using var connection = await _db.Database.OpenAsync();
        await using var command = await QueryAsync(connection, "GatewaysQueryKey", c =>
        {
            Key()(c);
            Add(c, "Status", Active, DbType.Int32);
        });
        await using var reader = await command.ExecuteReaderAsync();
        var ports = new List<int>();
        while (await reader.ReadAsync())
        {
            ports.Add(reader.GetInt32(reader.GetOrdinal("ProxyPort")));
        }

        return ports;
    }

    private static async Task<DbCommand> QueryAsync(DbConnection connection, string key, Action<DbCommand> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = @k;";
        TestDatabaseExtensions.AddParameter(command, "@k", key);
        command.CommandText = (string)(await command.ExecuteScalarAsync())!;
        command.Parameters.Clear();
        parameters(command);
        return command;
    }
}
