using System.ComponentModel;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Data;

public sealed class DataPrepareSettings : DataSourceSettings
{
    [CommandOption("--json")]
    [Description("Print one JSON object as the last stdout line; progress goes to stderr")]
    public bool Json { get; init; }
}
