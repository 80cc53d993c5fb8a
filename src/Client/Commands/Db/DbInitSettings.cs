using System.ComponentModel;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Db;

public sealed class DbInitSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("Data root that holds the embedded SQLite database (default: DWPFARM_DATA or ~/.cache/dwpfarm).")]
    public string? DataRoot { get; init; }

    [CommandOption("--sqlite <FILE>")]
    [Description("Initialise this SQLite file instead of the one in the data root.")]
    public string? SqliteFile { get; init; }
}
