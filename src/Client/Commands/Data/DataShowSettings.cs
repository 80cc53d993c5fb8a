using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Data;

public sealed class DataShowSettings : DataSourceSettings
{
    public const string Letters = "letters";
    public const string Mnist = "mnist";

    [CommandArgument(0, "<DATASET>")]
    [Description("letters or mnist")]
    public string Dataset { get; init; } = string.Empty;

    [CommandOption("--out <FILE>")]
    [Description("The PNG file to write")]
    public string? Out { get; init; }

    [CommandOption("--per-class <N>")]
    [Description("Images per class (row)")]
    [DefaultValue(10)]
    public int PerClass { get; init; } = 10;

    public override ValidationResult Validate()
    {
        if (Dataset is not (Letters or Mnist))
        {
            return ValidationResult.Error($"unknown dataset '{Dataset}': expected {Letters} or {Mnist}");
        }

        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out <FILE> is required");
        }

        return PerClass is < 1 or > 200
            ? ValidationResult.Error($"--per-class must be between 1 and 200, not {PerClass}")
            : ValidationResult.Success();
    }
}
