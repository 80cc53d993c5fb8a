namespace DwpFarm.Storage;

/// <summary>Where the farm keeps grain state, artifacts and its work queue.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The SQLite file name inside the data root.</summary>
    public const string DefaultSqliteFile = "farm.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>An ADO.NET connection string. Never logged; see <see cref="FarmDatabase.Describe"/>.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    public static DatabaseOptions ForSqliteFile(string path) => new()
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = $"Data Source={Path.GetFullPath(path)};Pooling=True;Default Timeout=60",
    };
}
