using System.ComponentModel;
using DwpFarm.Dwp.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

public sealed class TrajectorySettings : DataRootSettings
{
    [CommandOption("--spec <FILE>")]
    [Description("A sweep spec whose source section sets the net, the data and the recipe (default: the DWP authors' recipe)")]
    public string? Spec { get; init; }

    [CommandOption("--widths <H0xH1>")]
    [Description("Conv widths of the net (default: the spec's, else 128x64)")]
    public string? Widths { get; init; }

    [CommandOption("--epochs <E>")]
    [Description("Epochs to train (default: the spec's, else the authors' 100)")]
    public int? Epochs { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Torch threads (default 1)")]
    public int Threads { get; init; } = 1;

    [CommandOption("--out <DIR>")]
    [Description("Folder for trajectory.json and the latest epoch checkpoint; a second run with the same settings resumes there")]
    public string Out { get; init; } = "";

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out is required: the trajectory and its checkpoint live there");
        }

        if (Widths is not null)
        {
            try
            {
                FConvWidths.Parse(Widths);
            }
            catch (DwpFarm.Dwp.DwpException e)
            {
                return ValidationResult.Error($"--widths: {e.Message}");
            }
        }

        return Epochs is < 1 ? ValidationResult.Error("--epochs must be at least 1")
            : Threads is < 1 or > 256 ? ValidationResult.Error("--threads must be between 1 and 256")
            : ValidationResult.Success();
    }
}
