using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Storage;
using DwpFarm.Storage.Schema;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// Silo processes that form one cluster through a real PostgreSQL database, as on Kubernetes:
/// PostgreSQL membership, reminders, grain state, artifacts and the work queue.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<SiloProcess> _silos = [];

    private PostgresCluster(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>Every silo's gateway; the client fails over between them.</summary>
    public string Gateways => string.Join(',', _silos.Select(s => s.Gateway));

    /// <summary>
    /// Creates a database with the schema, then starts one silo per entry of <paramref name="slots"/>.
    /// Leases and failure detection are shortened so a killed silo's work moves within seconds.
    /// </summary>
    public static async Task<PostgresCluster> StartAsync(PostgresServer server, string dataRoot, IReadOnlyList<int> slots)
    {
        var cluster = new PostgresCluster(await server.CreateDatabaseAsync());
        await new SchemaMigrator(new FarmDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = cluster.ConnectionString })).InitAsync();
        try
        {
            foreach (var count in slots)
            {
                var silo = new SiloProcess(dataRoot, Settings(count))
                {
                    // The connection string carries a password: environment, not arguments.
                    Environment = new Dictionary<string, string> { ["Database__ConnectionString"] = cluster.ConnectionString },
                };
                cluster._silos.Add(silo);
            }

            await Task.WhenAll(cluster._silos.Select(s => s.StartAsync(StartTimeout)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public Task<FarmConnection> ConnectAsync() => FarmConnection.ConnectAsync(Gateways, CancellationToken.None);

    /// <summary>The silo whose address a unit summary names (<c>host:port@generation</c>).</summary>
    public SiloProcess? SiloOf(string? siloAddress) =>
        siloAddress is null ? null : _silos.FirstOrDefault(s => siloAddress.StartsWith($"127.0.0.1:{s.SiloPort}@", StringComparison.Ordinal));

    /// <summary>Polls the sweep through whichever gateway answers until it finishes.</summary>
    public async Task<SweepStatus> WaitForFinishAsync(IGrainFactory grains, string sweepId, TimeSpan timeout) =>
        await PollAsync(grains, sweepId, s => s.Phase.IsFinished(), "the sweep to finish", timeout);

    /// <summary>Polls the sweep's status until <paramref name="done"/> holds; calls that hit a dying silo are retried.</summary>
    public async Task<SweepStatus> PollAsync(IGrainFactory grains, string sweepId, Func<SweepStatus, bool> done, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        SweepStatus? last = null;
        string? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await grains.GetGrain<ISweepGrain>(sweepId).GetStatusAsync().WaitAsync(TimeSpan.FromSeconds(20));
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                lastError = ex.GetBaseException().Message;
            }

            await Task.Delay(250);
        }

        throw new Xunit.Sdk.XunitException(
            $"timed out after {timeout} waiting for {what}; last status: {(last is null ? "none" : SweepStatusView.Line(last))}; last error: {lastError}\n{Logs()}");
    }

    /// <summary>The tail of every silo's output, for failure messages.</summary>
    public string Logs() => string.Join("\n", _silos.Select((s, i) => $"--- silo {i} (:{s.SiloPort}) ---\n{Tail(s.Output, 40)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary>A cluster silo's settings: PostgreSQL clustering and storage, short leases and failure detection.</summary>
    internal static Dictionary<string, string> Settings(int slots) => new()
    {
        ["Farm:Clustering"] = "Postgres",
        ["Database:Provider"] = "Postgres",
        ["Slots:Count"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Slots:LeaseSeconds"] = "4",
        ["Slots:PollMilliseconds"] = "50",
        ["Orleans:Membership:ProbeTimeout"] = "00:00:02",
        ["Orleans:Membership:NumMissedProbesLimit"] = "2",
        ["Orleans:Membership:IAmAliveTablePublishTimeout"] = "00:00:05",
        ["Orleans:Membership:TableRefreshTimeout"] = "00:00:02",
        ["Orleans:Messaging:ResponseTimeout"] = "00:00:15",
    };

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
