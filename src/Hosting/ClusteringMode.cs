namespace DwpFarm.Hosting;

/// <summary>How silos find each other.</summary>
public enum ClusteringMode
{
    /// <summary>One machine: a single silo on loopback (the embedded default).</summary>
    Localhost,

    /// <summary>Many silos sharing the PostgreSQL membership table.</summary>
    Postgres,
}
