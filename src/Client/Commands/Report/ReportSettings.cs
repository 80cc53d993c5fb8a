using System.ComponentModel;
using DwpFarm.Client.Farm;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Report;

public sealed class ReportSettings : SweepIdSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Folder to write the report into (replaced as a whole).")]
    public string Out { get; init; } = "dwpfarm-out";
}
