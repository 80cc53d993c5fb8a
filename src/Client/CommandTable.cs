using DwpFarm.Client.Commands.Db;
using Spectre.Console.Cli;

namespace DwpFarm.Client;

/// <summary>Every noun of the CLI and its verbs, in one place.</summary>
internal static class CommandTable
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("db", db =>
        {
            db.SetDescription("Farm database schema.");
            db.AddCommand<DbInitCommand>("init").WithDescription("Create or upgrade the schema (idempotent).");
        });
    }
}
