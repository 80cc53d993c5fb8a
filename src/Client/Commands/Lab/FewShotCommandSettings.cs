using System.ComponentModel;
using System.Globalization;
using DwpFarm.Dwp;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>Options of <c>dwpfarm lab fewshot</c>.</summary>
public sealed class FewShotCommandSettings : LabCommandSettings
{
    [CommandOption("--sizes <LIST>")]
    [Description("Train sizes N, comma-separated (the authors': 50,100,200,500,1000).")]
    [DefaultValue("50,100,200,500,1000")]
    public string Sizes { get; init; } = "50,100,200,500,1000";

    [CommandOption("--priors <LIST>")]
    [Description("Priors, comma-separated: dwp, sn, loguniform.")]
    [DefaultValue("dwp,sn,loguniform")]
    public string Priors { get; init; } = "dwp,sn,loguniform";

    [CommandOption("--seeds <R>")]
    [Description("Runs per (size, prior), seeds 0..R-1.")]
    [DefaultValue(3)]
    public int Seeds { get; init; } = 3;

    [CommandOption("--steps <T>")]
    [Description("Optimiser steps per run (Adam 1e-3 decayed linearly to 0).")]
    [DefaultValue(1000)]
    public int Steps { get; init; } = 1000;

    [CommandOption("--batch <B>")]
    [Description("Batch size, capped at N.")]
    [DefaultValue(64)]
    public int Batch { get; init; } = 64;

    [CommandOption("--dwp-kernels <M>")]
    [Description("Kernels per conv layer and step in the DWP term's unbiased estimate (0 = every kernel).")]
    [DefaultValue(0)]
    public int DwpKernels { get; init; }

    [CommandOption("--kl-weight <W>")]
    [Description("Factor on the KL term; 1 is the method. Other values only diagnose how much a prior's pull decides the result.")]
    [DefaultValue(1.0)]
    public double KlWeight { get; init; } = 1;

    [CommandOption("--init <METHOD>")]
    [Description("Conv means start from auto (VAE samples under dwp, Xavier under the others, as the authors ran it), xavier or dwp.")]
    [DefaultValue(BayesOptions.Auto)]
    public string Init { get; init; } = BayesOptions.Auto;

    public IReadOnlyList<int> SizeList => Sizes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();

    public IReadOnlyList<WeightPriorKind> PriorList => Priors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(WeightPriors.Parse).ToArray();

    public override ValidationResult Validate()
    {
        var sizes = SizeList;
        if (sizes.Count == 0 || sizes.Any(n => n < 1) || sizes.Distinct().Count() != sizes.Count)
        {
            return ValidationResult.Error($"--sizes must be distinct positive whole numbers separated by commas, got '{Sizes}'");
        }

        try
        {
            var priors = PriorList;
            if (priors.Count == 0 || priors.Distinct().Count() != priors.Count)
            {
                return ValidationResult.Error($"--priors must name distinct priors from dwp, sn, loguniform, got '{Priors}'");
            }

            if (priors.Select(p => BayesOptions.MeanInitFor(Init, p)).Any(m => m is not (InitMethod.Xavier or InitMethod.Dwp)))
            {
                return ValidationResult.Error($"--init must be auto, xavier or dwp, got '{Init}'");
            }
        }
        catch (DwpException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        return Seeds < 2 ? ValidationResult.Error("--seeds must be at least 2 (the table reports standard deviations)")
            : Steps < 1 ? ValidationResult.Error("--steps must be at least 1")
            : Batch < 1 ? ValidationResult.Error("--batch must be at least 1")
            : !(KlWeight >= 0) || !double.IsFinite(KlWeight) ? ValidationResult.Error("--kl-weight must be a finite number >= 0")
            : DwpKernels < 0 ? ValidationResult.Error("--dwp-kernels must be at least 0 (0 = every kernel)")
            : base.Validate();
    }
}
