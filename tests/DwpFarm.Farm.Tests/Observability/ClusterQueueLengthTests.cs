using System.Globalization;
using DwpFarm.Farm.Tests.Processes;
using DwpFarm.Storage;
using DwpFarm.Storage.Queue;
using Npgsql;

namespace DwpFarm.Farm.Tests.Observability;

/// <summary>
/// Two silos in one PostgreSQL cluster, both scraped by a real Prometheus: the dashboard's queue panel shows the
/// queue once, not once per silo.
/// </summary>
public sealed class ClusterQueueLengthTests() : PostgresProcessTest("queue-metrics")
{
    private const string Sweep = "queue-metrics";
    private const int Units = 5;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task The_queue_panel_sums_to_the_real_queue_with_two_silos()
    {
        await using var cluster = await PostgresCluster.StartAsync(Server, Path.Combine(Root, "data"), [1, 1]);
        await using var prometheus = await PrometheusServer.StartAsync(Path.Combine(Root, "prometheus"), [.. cluster.Silos.Select(s => s.HttpAddress)], StartTimeout);
        var database = new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = cluster.ConnectionString });
        var queue = new WorkQueue(database, TimeProvider.System);

        // Units no slot can take: the test holds their rows locked, and claims skip locked rows, while the
        // queue counts still see them waiting. A slot that claims one before the lock finds no work for it
        // and completes it, which only makes the real queue shorter.
        await queue.EnqueueAsync(Enumerable.Range(0, Units).Select(i => new WorkItem($"{Sweep}/source/{i:D4}", "source", Sweep)));
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("SELECT UnitId FROM DwpWorkQueue WHERE SweepId = @sweep AND State = @queued FOR UPDATE;", connection, transaction))
        {
            hold.Parameters.AddWithValue("sweep", Sweep);
            hold.Parameters.AddWithValue("queued", WorkState.Queued);
            await hold.ExecuteNonQueryAsync();
        }

        var real = (await queue.StatsAsync()).Waiting.ToString(CultureInfo.InvariantCulture);
        Assert.InRange(int.Parse(real, CultureInfo.InvariantCulture), 1, Units);

        var panel = GrafanaDashboard.Load().Queries.Single(q => q.Panel == "Queue length");
        var expression = GrafanaDashboard.Fill(panel.Expression, new Dictionary<string, string> { ["silo"] = ".*" });
        var deadline = DateTime.UtcNow + Timeout;
        string shown;
        while (true)
        {
            // Each silo refreshes the gauge on its heartbeat (every 5 s); both must have scraped the real queue.
            var series = (await prometheus.QueryAsync("dwpfarm_queue_length")).GetProperty("result");
            var vector = (await prometheus.QueryAsync(expression)).GetProperty("result");
            shown = $"panel {vector}; per silo {series}";
            var reported = series.EnumerateArray().Select(s => s.GetProperty("value")[1].GetString()).ToList();
            if (reported.Count > 0 && reported.All(v => v == real))
            {
                Assert.Equal(1, vector.GetArrayLength());
                Assert.True(real == vector[0].GetProperty("value")[1].GetString(), $"the queue holds {real} units; Prometheus shows {shown}");
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the queue holds {real} units; after {Timeout} Prometheus shows {shown}\n{cluster.Logs()}");
            await Task.Delay(250);
        }

        // One silo exports it, and the other knows it does not.
        Assert.Equal(1, (await prometheus.QueryAsync("dwpfarm_queue_length")).GetProperty("result").GetArrayLength());
        await transaction.RollbackAsync();
    }
}
