using System.ComponentModel;
using DwpFarm.Data;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands;

/// <summary>The <c>--data</c> option shared by every command that reads or writes the data folder.</summary>
public class DataRootSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("Data folder for caches (default: $" + DataRoot.EnvironmentVariable + ", else ~/.cache/dwpfarm)")]
    public string? Data { get; init; }

    public DataRoot Root => DataRoot.Resolve(Data);
}
