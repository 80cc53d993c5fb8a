using System.Net;
using DwpFarm.Grains.Cluster;
using DwpFarm.Grains.Execution;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace DwpFarm.Farm.Tests.Execution;

/// <summary>
/// A silo that stops takes its slots out of the silo table as it goes: a cluster restarted within the heartbeat
/// window once counted the old silos' slots too, and `bench farm --cluster` halved its efficiency by them.
/// </summary>
public sealed class SiloLeaveTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_that_stops_is_no_longer_listed_live()
    {
        var farm = new FarmClusterFixture();
        await farm.InitializeAsync();
        try
        {
            var queue = new WorkQueue(farm.Database, TimeProvider.System);
            using var timeout = new CancellationTokenSource(Timeout);
            // The first beat comes as the silo's slot pool starts.
            while ((await queue.LiveSilosAsync(ClusterStatusGrain.LiveWindow, timeout.Token)).Count == 0)
            {
                await Task.Delay(20, timeout.Token);
            }

            await farm.Cluster.StopAllSilosAsync();

            Assert.Empty(await queue.LiveSilosAsync(ClusterStatusGrain.LiveWindow, timeout.Token));
        }
        finally
        {
            await farm.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_silo_that_leaves_while_the_database_is_down_goes_on_stopping_and_its_row_goes_stale_by_itself()
    {
        await using var bed = await SlotTestBed.CreateAsync("dwpfarm-leave-");
        var silo = new LocalSilo(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1));
        var heartbeat = new SlotHeartbeat(
            null!, bed.Queue, bed.Metrics, Options.Create(new SlotOptions()), Options.Create(new MetricsOptions()), silo, null!, bed.Clock, null!,
            NullLogger<SlotHeartbeat>.Instance);
        await bed.Queue.ReportSiloAsync(new SiloCapacity(silo.SiloAddress.ToParsableString(), "127.0.0.1:11111", 2, 0, "cpu", bed.Clock.GetUtcNow()));

        using (bed.Outage())
        {
            await heartbeat.LeaveAsync();
        }

        Assert.Single(await bed.Queue.LiveSilosAsync(ClusterStatusGrain.LiveWindow));
        bed.Clock.Advance(ClusterStatusGrain.LiveWindow + TimeSpan.FromSeconds(1));
        Assert.Empty(await bed.Queue.LiveSilosAsync(ClusterStatusGrain.LiveWindow));
    }

    private sealed class LocalSilo(SiloAddress address) : ILocalSiloDetails
    {
        public string Name => "leaving";

        public string ClusterId => "test";

        public string DnsHostName => "localhost";

        public SiloAddress SiloAddress => address;

        public SiloAddress GatewayAddress => address;
    }
}
