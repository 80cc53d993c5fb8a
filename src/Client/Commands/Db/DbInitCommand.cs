using DwpFarm.Storage;
using DwpFarm.Storage.Schema;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Db;

/// <summary>Creates or upgrades the farm schema: tables, the Orleans query rows, artifacts and the work queue.</summary>
public sealed class DbInitCommand(IAnsiConsole console) : AsyncCommand<DbInitSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DbInitSettings settings, CancellationToken cancellationToken)
    {
        var file = settings.SqliteFile ?? Path.Combine(settings.Root.Path, DatabaseOptions.DefaultSqliteFile);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var database = new FarmDatabase(DatabaseOptions.ForSqliteFile(file));
        var applied = await new SchemaMigrator(database).InitAsync(cancellationToken);
        console.MarkupLineInterpolated($"{database.Describe()}: {(applied.Count == 0 ? "schema is current" : $"applied {string.Join(", ", applied)}")}");
        return 0;
    }
}
