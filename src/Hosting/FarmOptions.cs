using System.ComponentModel.DataAnnotations;

namespace DwpFarm.Hosting;

/// <summary>Where this silo lives and how it joins the cluster.</summary>
public sealed class FarmOptions
{
    public const string SectionName = "Farm";

    /// <summary>Data sets and, for the embedded default, the SQLite database; empty: DWPFARM_DATA or the user cache.</summary>
    public string? DataRoot { get; set; }

    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The client gateway port.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this one at (the pod IP on Kubernetes); empty for loopback.</summary>
    public string? AdvertisedAddress { get; set; }

    [Required]
    public string ClusterId { get; set; } = "dwpfarm";

    /// <summary>Create or upgrade the SQLite schema at start; PostgreSQL needs an explicit <c>dwpfarm db init</c>.</summary>
    public bool InitializeSqlite { get; set; } = true;

    [Range(0, 3600)]
    public int SchemaWaitSeconds { get; set; }
}
