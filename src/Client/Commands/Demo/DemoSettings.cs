using System.ComponentModel;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Demo;

public sealed class DemoSettings : DataRootSettings
{
    [CommandOption("--spec <FILE>")]
    [Description("The sweep to run (default: examples/quick.yaml).")]
    public string Spec { get; init; } = "examples/quick.yaml";

    [CommandOption("--out <DIR>")]
    [Description("Where the report goes: a new or empty folder, or an earlier report (default: dwpfarm-out).")]
    public string Out { get; init; } = "dwpfarm-out";

    [CommandOption("--slots <N>")]
    [Description("Training slots of the in-process silo (default: one per core).")]
    public int Slots { get; init; }
}
