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
        var database = new FarmDatabase(settings.Resolve(Environment.GetEnvironmentVariable));
        var applied = await new SchemaMigrator(database).InitAsync(cancellationToken);
        console.MarkupLineInterpolated($"{database.Describe()}: {(applied.Count == 0 ? "schema is current, nothing to apply" : $"applied {string.Join(", ", applied)}")}");
        return 0;
    }
}
