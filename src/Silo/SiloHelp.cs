namespace DwpFarm.Silo;

/// <summary>
/// <c>dwpfarm-silo --help</c>: the settings a silo reads. The host treats every argument as
/// configuration, so without this a help request would start a silo.
/// </summary>
internal static class SiloHelp
{
    public const string Text = """
        Usage: dwpfarm silo [--Section:Key=value ...]

        Runs a standalone DwpFarm silo. Settings come from appsettings.json beside the binary,
        then environment variables (Section__Key), then --Section:Key=value arguments.

          Farm:DataRoot                     data sets and the embedded SQLite database (default: DWPFARM_DATA or ~/.cache/dwpfarm)
          Farm:Clustering                   Localhost (one machine, default) or Postgres
          Farm:SiloPort                     silo-to-silo port (default 11111)
          Farm:GatewayPort                  client gateway port (default 30000)
          Farm:AdvertisedAddress            the address other silos reach this one at (default: loopback)
          Urls                              /healthz, /metrics and the dashboard (default http://127.0.0.1:8080)
          Database:Provider                 Sqlite (default) or Postgres
          Database:ConnectionString         the farm database; never logged or echoed in errors
          Farm:SchemaWaitSeconds            wait up to this long, with back-off, for a missing or old schema or an unreachable database (default 0: exit at once)
          Slots:Count                       training slots (default 0: cores ÷ threads, or SlotsPerGpu per GPU)
          Slots:ThreadsPerSlot              torch threads per slot (default 1)
          Slots:Device                      cpu (default) or cuda: each slot trains on one GPU, cuda:N; without CUDA the silo exits 1
          Slots:SlotsPerGpu                 slots sharing one GPU when Slots:Count is 0 (default 1)
          Slots:LeaseSeconds                a unit whose silo stops renewing is handed out again after this (default 30)
          Slots:PollMilliseconds            how often an idle slot polls the shared queue (default 250)
          Slots:Nice                        Linux nice value of the slot threads (default 5)
          Farm:Tls:CertificatePath          mutual TLS: a .pfx with this silo's certificate and key (default: off)
          Farm:Tls:CertificatePassword      its password
          Farm:Tls:AuthorityPath            PEM of the cluster's CA
          Farm:Dashboard:Enabled            the Orleans dashboard at /dashboard (default false)
          Farm:Dashboard:User               its basic-authentication user (default admin)
          Farm:Dashboard:Password           its password; required when enabled
          Orleans:Membership:*              Orleans' ClusterMembershipOptions
          Orleans:Messaging:*               Orleans' SiloMessagingOptions
          DWPFARM_LOG_FORMAT                text (default) or json
          shutdownTimeoutSeconds            how long slots get to hand their units back on shutdown (default 30)

        Exit codes: 0 stopped cleanly; 1 a setting, the database schema, a port in use or a device it cannot have (one error line).
        """;

    public static bool Requested(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h" or "-?");
}
