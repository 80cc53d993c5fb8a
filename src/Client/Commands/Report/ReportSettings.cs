using System.ComponentModel;
using DwpFarm.Client.Farm;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Report;

public sealed class ReportSettings : SweepIdSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Folder to write the report into: a new or empty folder, or an earlier report (only the files it wrote are replaced).")]
    public string Out { get; init; } = "dwpfarm-out";
}
