using System.ComponentModel;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Db;

public sealed class DbInitSettings : DataRootSettings
{
    [CommandOption("--sqlite <FILE>")]
    [Description("Initialise this SQLite file instead of the one in the data folder.")]
    public string? SqliteFile { get; init; }
}
