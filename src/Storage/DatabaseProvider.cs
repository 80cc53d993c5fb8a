namespace DwpFarm.Storage;

/// <summary>The database engines the farm runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one SQLite file in the data root.</summary>
    Sqlite,

    /// <summary>Cluster mode: a shared PostgreSQL server.</summary>
    Postgres,
}
