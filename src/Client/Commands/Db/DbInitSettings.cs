using System.ComponentModel;
using DwpFarm.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Db;

public sealed class DbInitSettings : DataRootSettings
{
    /// <summary>Where a bare <c>--postgres</c> reads the connection string: the silo's own setting.</summary>
    public const string ConnectionStringVariable = DatabaseOptions.SectionName + "__ConnectionString";

    [CommandOption("--sqlite <FILE>")]
    [Description("Initialise this SQLite file instead of the one in the data folder.")]
    public string? SqliteFile { get; init; }

    [CommandOption("--postgres [CONNECTION]")]
    [Description("Initialise a PostgreSQL database (cluster mode). Without a value the connection string comes from $" + ConnectionStringVariable + ", as the silo reads it.")]
    public FlagValue<string>? Postgres { get; init; }

    public override ValidationResult Validate() =>
        SqliteFile is not null && Postgres?.IsSet == true
            ? ValidationResult.Error("--sqlite and --postgres exclude each other")
            : ValidationResult.Success();

    /// <summary>The database to initialise: PostgreSQL when asked for, else the SQLite file.</summary>
    public DatabaseOptions Resolve(Func<string, string?> environment)
    {
        if (Postgres?.IsSet != true)
        {
            var file = SqliteFile ?? Path.Combine(Root.Path, DatabaseOptions.DefaultSqliteFile);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            return DatabaseOptions.ForSqliteFile(file);
        }

        var connectionString = string.IsNullOrWhiteSpace(Postgres.Value) ? environment(ConnectionStringVariable) : Postgres.Value;
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new FarmDatabaseException($"--postgres needs a connection string: give it as the option's value or set {ConnectionStringVariable}")
            : new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString };
    }
}
