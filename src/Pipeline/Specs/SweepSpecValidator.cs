using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Vocabulary;

namespace DwpFarm.Pipeline.Specs;

/// <summary>
/// The rules a sweep spec must satisfy, all checked at once so the user sees every
/// problem in one go. Environment checks (folders, fonts, pool size) run only where an
/// <see cref="ISpecEnvironment"/> is given.
/// </summary>
public static class SweepSpecValidator
{
    public static readonly IReadOnlyList<string> SourceDatasets = ["letters", "notmnist"];
    public static readonly IReadOnlyList<string> EvaluationDatasets = ["mnist"];

    /// <summary>Units one sweep may create; beyond this a spec is surely a typo.</summary>
    public const int MaxUnits = 100_000;

    /// <summary>The largest spec text accepted: the text is stored with the sweep and read on every activation.</summary>
    public const int MaxSpecBytes = 1 << 20;

    /// <summary>The most slots one unit may hold: more than any silo of this farm has cores.</summary>
    public const int MaxUnitSlots = 64;

    /// <summary>FConvMNIST's conv layers, each of which gets its own prior and its own cut.</summary>
    public const int ConvLayers = 2;

    /// <summary>Why a spec text is refused, or null when it fits: one wording for the CLI's check and the grain's.</summary>
    public static string? SizeProblem(long bytes) =>
        bytes > MaxSpecBytes
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"is {bytes} bytes; a sweep spec may be at most {MaxSpecBytes} bytes (1 MiB)")
            : null;

    public static IReadOnlyList<SpecError> Validate(SweepSpec spec, ISpecEnvironment? environment = null)
    {
        var errors = new List<SpecError>();
        void Check(bool ok, string path, string message)
        {
            if (!ok)
            {
                errors.Add(new SpecError(path, message));
            }
        }

        // The reader refuses unknown names; a spec built in code (or sent by an older client) can still hold an undefined value.
        void CheckName<T>(T value, string path)
            where T : struct, Enum => Check(Enum.IsDefined(value), path, SpecName.Unknown(typeof(T), SpecName.Of(value)));

        // An infinite or NaN value is named as such, not as out of range.
        void CheckNumber(double value, bool ok, string path, string message) => Check(ok && double.IsFinite(value), path, double.IsFinite(value) ? message : "must be a finite number");

        Check(!string.IsNullOrWhiteSpace(spec.Name) && spec.Name.Length <= 100, "name", "must be 1 to 100 characters");
        Check(SweepStages.All.Contains(spec.StopAfter), "stopAfter", $"unknown stage '{spec.StopAfter}' (expected one of {string.Join(", ", SweepStages.All)})");

        var s = spec.Source;
        Check(SourceDatasets.Contains(s.Dataset), "source.dataset", $"unknown data set '{s.Dataset}' (expected {string.Join(" or ", SourceDatasets)})");
        Check(s.Dataset != "notmnist" || !string.IsNullOrWhiteSpace(s.Folder), "source.folder", "is required when source.dataset is notmnist");
        Check(s.ImagesPerClass is >= 10 and <= 1_000_000, "source.imagesPerClass", "must be between 10 and 1000000");
        Check(s.Count is >= 1 and <= 10_000, "source.count", "must be between 1 and 10000");
        CheckWidths(s.Widths, "source.widths", errors);
        Check(s.Epochs is >= 1 and <= 10_000, "source.epochs", "must be between 1 and 10000");
        Check(s.Batch is >= 1 and <= 65_536, "source.batch", "must be between 1 and 65536");
        CheckNumber(s.Lr, s.Lr > 0, "source.lr", "must be > 0");
        CheckNumber(s.L2, s.L2 >= 0, "source.l2", "must be >= 0");
        CheckName(s.LrDecay, "source.lrDecay");
        Check(s.Seed >= 0, "source.seed", "must be >= 0");
        Check(s.DataSeed >= 0, "source.dataSeed", "must be >= 0");
        CheckNumber(s.Inverted, s.Inverted is >= 0 and <= 1, "source.inverted", "must be a share in [0, 1]");
        Check(s.Dataset != "letters" || (s.TestImages >= 10 && s.TestImages < s.ImagesPerClass * 10), "source.testImages", "must be at least 10 and fewer than the letters generated (imagesPerClass × 10)");

        var b = spec.Bank;
        CheckName(b.PruneRule, "bank.pruneRule");
        CheckNumber(b.PruneThreshold, b.PruneRule == PruneRule.Top ? b.PruneThreshold is > 0 and <= 1 : b.PruneThreshold >= 0 && (b.PruneRule != PruneRule.Relative || b.PruneThreshold < 1), "bank.pruneThreshold", b.PruneRule == PruneRule.Top ? "must be a fraction in (0, 1] for the top rule" : "must be >= 0 (and < 1 for the relative rule)");
        var norm = b.PruneRule == PruneRule.Norm;
        CheckName(b.PruneUnit, "bank.pruneUnit");
        Check(norm || b.PruneUnit == PruneUnit.Absolute, "bank.pruneUnit", "applies to the norm rule only");
        Check(norm || b.PruneThresholds.Count == 0, "bank.pruneThresholds", "applies to the norm rule only (the other rules take bank.pruneThreshold)");
        Check(b.PruneThresholds.Count is 0 or ConvLayers, "bank.pruneThresholds", $"must give one cut per conv layer ({ConvLayers}), or none");
        for (var i = 0; i < b.PruneThresholds.Count; i++)
        {
            CheckNumber(b.PruneThresholds[i], b.PruneThresholds[i] >= 0, $"bank.pruneThresholds[{i}]", "must be >= 0");
        }

        CheckNumber(b.TestFraction, b.TestFraction is > 0 and < 1, "bank.testFraction", "must be between 0 and 1, exclusive");
        Check(b.Seed >= 0, "bank.seed", "must be >= 0");
        CheckImport(b.Import, "bank.import", errors);
        Check(b.Import is null || spec.StopAfter != SweepStages.Sources, "stopAfter", "an imported bank (bank.import) has no source runs to stop after");

        CheckImport(spec.Prior.Import, "prior.import", errors);
        CheckVae(spec.Prior.Conv1, "prior.conv1", errors);
        CheckVae(spec.Prior.Conv2, "prior.conv2", errors);

        var e = spec.Evaluation;
        CheckName(e.Mode, "evaluation.mode");
        Check(EvaluationDatasets.Contains(e.Dataset), "evaluation.dataset", $"unknown data set '{e.Dataset}' (expected {string.Join(" or ", EvaluationDatasets)})");
        Check(e.TrainSizes.Count > 0, "evaluation.trainSizes", "must list at least one size");
        for (var i = 0; i < e.TrainSizes.Count; i++)
        {
            Check(e.TrainSizes[i] > 0, $"evaluation.trainSizes[{i}]", "must be > 0");
        }

        Check(e.TrainSizes.Distinct().Count() == e.TrainSizes.Count, "evaluation.trainSizes", "must not repeat a size");
        Check(e.Methods.Count > 0, "evaluation.methods", "must list at least one method");
        for (var i = 0; i < e.Methods.Count; i++)
        {
            CheckName(e.Methods[i], $"evaluation.methods[{i}]");
        }

        Check(e.Methods.Distinct().Count() == e.Methods.Count, "evaluation.methods", "must not repeat a method");
        Check(e.Priors.Count > 0, "evaluation.priors", "must list at least one prior");
        for (var i = 0; i < e.Priors.Count; i++)
        {
            CheckName(e.Priors[i], $"evaluation.priors[{i}]");
        }

        Check(e.Priors.Distinct().Count() == e.Priors.Count, "evaluation.priors", "must not repeat a prior");
        Check(e.EnsembleSamples is >= 1 and <= 1000, "evaluation.ensembleSamples", "must be between 1 and 1000");
        Check(e.DwpKernels is >= 0 and <= 1_000_000, "evaluation.dwpKernels", "must be between 0 (every kernel) and 1000000");
        Check(SpecNames.MeanInits.Contains(e.MeanInit), "evaluation.meanInit", $"unknown initialisation '{e.MeanInit}' (expected one of {string.Join(", ", SpecNames.MeanInits)})");
        CheckNumber(e.KlWeight, e.KlWeight >= 0, "evaluation.klWeight", "must be >= 0 (1 is the method)");
        Check(SpecNames.ScaleTos.Contains(e.ScaleTo), "evaluation.scaleTo", $"unknown scale '{e.ScaleTo}' (expected one of {string.Join(", ", SpecNames.ScaleTos)})");
        Check(e.ScaleTo == SpecNames.OwnScale || e.Mode == EvaluationMode.Init, "evaluation.scaleTo", "applies to init mode only");
        Check(e.Seeds is >= 1 and <= 1000, "evaluation.seeds", "must be between 1 and 1000");
        Check(e.Seed >= 0, "evaluation.seed", "must be >= 0");
        Check(e.Steps is >= 1 and <= 1_000_000, "evaluation.steps", "must be between 1 and 1000000");
        Check(e.Mode == EvaluationMode.Bayes || (e.EvalEvery >= 1 && e.EvalEvery <= Math.Max(1, e.Steps)), "evaluation.evalEvery", "must be between 1 and evaluation.steps");
        Check(e.Batch is >= 1 and <= 65_536, "evaluation.batch", "must be between 1 and 65536");
        CheckNumber(e.Lr, e.Lr > 0, "evaluation.lr", "must be > 0");
        CheckWidths(e.Widths, "evaluation.widths", errors);

        Check(spec.Resources.ThreadsPerSlot is >= 1 and <= 1024, "resources.threadsPerSlot", "must be between 1 and 1024");
        foreach (var (field, _, slots) in UnitSlots.Fields(spec.Resources.Slots))
        {
            Check(slots is >= 1 and <= MaxUnitSlots, field, $"must be between 1 and {MaxUnitSlots} (slots of one silo a unit holds together)");
        }

        Check(spec.Fronts is >= 1 and <= 100, "fronts", "must be between 1 and 100");
        Check(spec.Fronts == 1 || spec.Bank.Import is null || spec.Prior.Import is null, "fronts", "must be 1 when bank.import and prior.import are both set (every front would be the same)");
        var units = Math.Max(1, spec.Fronts) * (s.Count + 3 + e.Units);
        Check(units <= MaxUnits, "evaluation", $"the sweep would create {units} units, more than {MaxUnits}");

        if (environment is not null && errors.Count == 0)
        {
            CheckEnvironment(spec, environment, errors);
        }

        return errors;
    }

    private static void CheckEnvironment(SweepSpec spec, ISpecEnvironment environment, List<SpecError> errors)
    {
        // An imported bank's sources never run, so their data need not be on this machine.
        var s = spec.Bank.Import is null ? spec.Source : null;
        if (spec.Prior.Import is { } import && !environment.DirectoryExists(import))
        {
            errors.Add(new SpecError("prior.import", $"folder '{import}' does not exist"));
        }

        if (spec.Bank.Import is { } bank)
        {
            var missing = Import.PublishedBank.Folders.FirstOrDefault(f => !environment.DirectoryExists(Path.Combine(bank, f)));
            errors.AddRange(
                !environment.DirectoryExists(bank) ? [new SpecError("bank.import", $"folder '{bank}' does not exist")]
                : missing is not null ? [new SpecError("bank.import", $"folder '{bank}' has no {missing}/ (the authors' layout: conv7x7/ and conv5x5/ with test.npy, and train.npy where published)")]
                : []);
        }

        if (s?.Dataset == "notmnist" && !environment.DirectoryExists(s.Folder!))
        {
            errors.Add(new SpecError("source.folder", $"folder '{s.Folder}' does not exist"));
        }

        if (s?.Dataset == "letters")
        {
            for (var i = 0; i < s.FontFolders.Count; i++)
            {
                if (!environment.DirectoryExists(s.FontFolders[i]))
                {
                    errors.Add(new SpecError($"source.fontFolders[{i}]", $"folder '{s.FontFolders[i]}' does not exist"));
                }
            }

            if (errors.Count == 0 && environment.CountFonts(s.FontFolders) == 0)
            {
                errors.Add(new SpecError(s.FontFolders.Count > 0 ? "source.fontFolders" : "source.dataset", "no font files found to render letters from (install font packages, or name a fonts folder)"));
            }
        }

        var e = spec.Evaluation;
        if (!string.IsNullOrEmpty(e.Folder) && !environment.DirectoryExists(e.Folder))
        {
            errors.Add(new SpecError("evaluation.folder", $"folder '{e.Folder}' does not exist"));
            return;
        }

        var pool = environment.MnistTrainPool(string.IsNullOrEmpty(e.Folder) ? null : e.Folder);
        for (var i = 0; i < e.TrainSizes.Count; i++)
        {
            if (e.TrainSizes[i] > pool)
            {
                errors.Add(new SpecError($"evaluation.trainSizes[{i}]", $"{e.TrainSizes[i]} is larger than the train pool of {pool} images"));
            }
        }
    }

    /// <summary>An import folder is absolute: a relative one would resolve against the client when checked and the silo when read.</summary>
    private static void CheckImport(string? folder, string path, List<SpecError> errors)
    {
        if (folder is not null && (folder.Trim().Length == 0 || !Path.IsPathRooted(folder)))
        {
            errors.Add(new SpecError(path, folder.Trim().Length == 0 ? "must name a folder (or be left out)" : $"must be an absolute path, got '{folder}'"));
        }
    }

    private static void CheckWidths(IReadOnlyList<int> widths, string path, List<SpecError> errors)
    {
        if (widths.Count != 2)
        {
            errors.Add(new SpecError(path, "must list two widths (conv1, conv2)"));
            return;
        }

        for (var i = 0; i < 2; i++)
        {
            if (widths[i] is < 1 or > 4096)
            {
                errors.Add(new SpecError($"{path}[{i}]", "must be between 1 and 4096"));
            }
        }
    }

    private static void CheckVae(VaeSpec vae, string path, List<SpecError> errors)
    {
        if (vae.Epochs is < 1 or > 100_000)
        {
            errors.Add(new SpecError($"{path}.epochs", "must be between 1 and 100000"));
        }

        if (vae.Batch is < 1 or > 65_536)
        {
            errors.Add(new SpecError($"{path}.batch", "must be between 1 and 65536"));
        }

        if (!double.IsFinite(vae.Lr) || vae.Lr <= 0)
        {
            errors.Add(new SpecError($"{path}.lr", double.IsFinite(vae.Lr) ? "must be > 0" : "must be a finite number"));
        }

        if (vae.Steps is < 0 or > 10_000_000)
        {
            errors.Add(new SpecError($"{path}.steps", "must be between 0 (train every epoch) and 10000000"));
        }

        if (vae.Restarts is < 1 or > 20)
        {
            errors.Add(new SpecError($"{path}.restarts", "must be between 1 and 20"));
        }

        if (vae.Seed < 0)
        {
            errors.Add(new SpecError($"{path}.seed", "must be >= 0"));
        }
    }
}
