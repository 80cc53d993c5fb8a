using System.ComponentModel;
using DwpFarm.Client.Specs;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Import;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Vocabulary;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// Options shared by the <c>dwpfarm lab</c> commands. Each experiment flag sets one field of the sweep spec the
/// command runs (named in its description); <c>--spec FILE</c> runs a spec file instead. Unset flags keep the
/// lab's front (<see cref="LabFront"/>) and otherwise the spec's defaults (docs/sweep-spec.md).
/// </summary>
public abstract class LabCommandSettings : DataRootSettings
{
    [CommandOption("--spec <FILE>")]
    [Description("Run this sweep spec (YAML, as `sweep submit` takes) instead of building one from the flags below.")]
    public string? Spec { get; init; }

    [CommandOption("--sources <S>")]
    [Description("source.count: source nets trained on the letters (default 32).")]
    public int? Sources { get; init; }

    [CommandOption("--source-epochs <E>")]
    [Description("source.epochs: epochs of each source net (default 100).")]
    public int? SourceEpochs { get; init; }

    [CommandOption("--source-widths <H0xH1>")]
    [Description("source.widths: conv widths of the source nets (default 32x64; the paper's 256x512).")]
    public string? SourceWidths { get; init; }

    [CommandOption("--prune <R>")]
    [Description("bank.pruneRule relative, bank.pruneThreshold R: drop kernels whose norm is below R × the layer's median norm, instead of the lab front's cut by norm (bank.pruneRule norm: 1.0 and 0.5 × a fresh kernel's norm for conv1 and conv2).")]
    public double? Prune { get; init; }

    [CommandOption("--keep-top <P>")]
    [Description("bank.pruneRule top, bank.pruneThreshold P: keep the fraction P of each layer's kernels with the largest norms, instead of the lab front's cut by norm.")]
    public double? KeepTop { get; init; }

    [CommandOption("--vae-steps <K>")]
    [Description("prior.conv1.steps and prior.conv2.steps: optimiser steps each kernel VAE aims for, at most 300 epochs (default 0 and 9000; 0: conv1 trains the authors' 300 epochs whatever its kernel count).")]
    public int? VaeSteps { get; init; }

    [CommandOption("--seed <N>")]
    [Description("source.seed, bank.seed, prior.conv1.seed, prior.conv2.seed and evaluation.seed: the first seed of everything (default 1000 for source.seed, the seed of the lab front's measured runs, and 0 for the rest).")]
    public int? Seed { get; init; }

    [CommandOption("--fronts <F>")]
    [Description("fronts: independent fronts (sources → bank → VAEs from their own seeds), each evaluated on every target seed; the tables then give mean ± std over the fronts' means (default 2 for init-compare, 1 for fewshot, 1 under an imported prior).")]
    public int? Fronts { get; init; }

    [CommandOption("--prior <SOURCE>")]
    [Description("prior.import: own (fit VAEs on this run's front), published (the authors' prior as `dwpfarm prior import` installed it in the data folder) or a folder in their layout; their banks, when the folder has them, stand in for the sources and bank (bank.import), and the run is one front (default: own for init-compare; for fewshot published when one is installed, else own).")]
    public string? Prior { get; init; }

    [CommandOption("--slots <N>")]
    [Description("Concurrent training slots in this process (default: one per core). Not part of the spec: results do not depend on it.")]
    public int? Slots { get; init; }

    [CommandOption("--no-cache")]
    [Description("Train every source net, even one this build trained before with the same spec, seed and letters (the lab keeps trained source nets in <data>/lab/sources, and reuses them bit for bit).")]
    public bool NoCache { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Also write the report folder a farm sweep gives (report.md, results.json, plots, kernel grids).")]
    public string? Out { get; init; }

    [CommandOption("--json")]
    [Description("Print the result as one JSON line on stdout (the farm's results.json, plus the lab's timings); progress goes to stderr.")]
    public bool Json { get; init; }

    /// <summary>Fronts when <c>--fronts</c> is not given.</summary>
    protected virtual int DefaultFronts => 1;

    /// <summary>The spec's name when built from flags.</summary>
    protected abstract string Name { get; }

    /// <summary>Whether the published prior, when installed, is the default of <c>--prior</c>.</summary>
    protected virtual bool PrefersPublishedPrior => false;

    /// <summary>
    /// Every experiment flag: whether it was given (they do not mix with <c>--spec</c>) and the spec fields it sets (a
    /// field's problem names its flag; of the flags with a field that holds the problem's path, the first given wins, else the first).
    /// </summary>
    protected virtual IEnumerable<LabFlag> ExperimentFlags() =>
    [
        new("--sources", Sources is not null, "source.count"), new("--source-epochs", SourceEpochs is not null, "source.epochs"),
        new("--source-widths", SourceWidths is not null, "source.widths"), new("--prune", Prune is not null, "bank.pruneThreshold"),
        new("--keep-top", KeepTop is not null, "bank.pruneThreshold"),
        new("--vae-steps", VaeSteps is not null, "prior.conv1.steps", "prior.conv2.steps"), new("--prior", Prior is not null, "prior.import", "bank.import", "stopAfter"),
        new("--seed", Seed is not null, "source.seed", "bank.seed", "prior.conv1.seed", "prior.conv2.seed", "evaluation.seed"),
        new("--fronts", Fronts is not null, "fronts"),
    ];

    /// <summary>The folder <c>--prior</c> names for <c>prior.import</c>, or null for the run's own front.</summary>
    public string? PriorImport() => Prior switch
    {
        null => PrefersPublishedPrior ? InstalledPrior.Find(Root) : null,
        OwnPrior => null,
        // Validation refuses `published` with nothing installed.
        PublishedPriorName => InstalledPrior.Find(Root),
        var folder when folder.Trim().Length > 0 => Path.GetFullPath(folder),
        _ => null,
    };

    /// <summary>Why a run that would rather use the published prior builds its own front, or null.</summary>
    public string? PriorNote() => Spec is null && Prior is null && PrefersPublishedPrior && InstalledPrior.Find(Root) is null
        ? $"no published prior installed in {InstalledPrior.FolderIn(Root)}, so this run fits its own; on the fronts two cores build DWP loses to N(0, 1) "
            + "(docs/results.md). `dwpfarm prior import DIR` installs the authors' prior, with which DWP beat N(0, 1) on every seed measured"
        : null;

    /// <summary>
    /// A given flag that sets only what an imported front replaces, as the message that refuses it: it would be recorded
    /// in the spec and do nothing.
    /// </summary>
    private string? IgnoredFlag(SweepSpec spec)
    {
        var (bank, prior) = (spec.Bank.Import is not null, spec.Prior.Import is not null);
        var flag = bank || prior ? ExperimentFlags().FirstOrDefault(f => f.Given && f.Fields.All(field => Replaced(field, bank, prior))) : null;
        return flag is null ? null : $"{flag.Name} sets what the imported {(bank ? "bank and prior" : "prior")} in {spec.Prior.Import} replaces";
    }

    private static bool Replaced(string field, bool bank, bool prior) =>
        (bank && (field.StartsWith("source.", StringComparison.Ordinal) || field.StartsWith("bank.p", StringComparison.Ordinal)))
        || (prior && field.EndsWith(".steps", StringComparison.Ordinal) && field.StartsWith("prior.", StringComparison.Ordinal));

    private const string OwnPrior = "own";
    private const string PublishedPriorName = "published";

    /// <summary>The evaluation section these flags ask for, from the spec's defaults (and, written once there, what the command's experiment changes).</summary>
    protected abstract EvaluationSpec Evaluation(EvaluationSpec defaults);

    /// <summary>The spec the flags describe: the lab's front on the spec's defaults, and what the given flags change (checked by the spec's own rules when it is run).</summary>
    public SweepSpec BuildSpec()
    {
        var d = LabFront.Spec();
        var import = PriorImport();
        VaeSpec Vae(VaeSpec vae) => vae with { Steps = VaeSteps ?? vae.Steps, Seed = Seed ?? vae.Seed };
        // A pruning flag replaces the front's rule, and with it the norm rule's per-layer cuts and unit.
        var bank = Prune is null && KeepTop is null ? d.Bank : d.Bank with
        {
            PruneRule = Prune is not null ? PruneRule.Relative : PruneRule.Top, PruneThreshold = Prune ?? KeepTop!.Value,
            PruneThresholds = [], PruneUnit = PruneUnit.Absolute,
        };
        return d with
        {
            Name = Name,
            // A published prior is one front: more would repeat it.
            Fronts = Fronts ?? (import is null ? DefaultFronts : 1),
            Source = d.Source with
            {
                Count = Sources ?? d.Source.Count, Epochs = SourceEpochs ?? d.Source.Epochs, Widths = SourceWidths is null ? d.Source.Widths : ParseWidths(SourceWidths)!,
                Seed = Seed ?? d.Source.Seed,
            },
            Bank = bank with { Seed = Seed ?? bank.Seed, Import = import is not null && PublishedBank.IsIn(import) ? import : null },
            Prior = d.Prior with { Conv1 = Vae(d.Prior.Conv1), Conv2 = Vae(d.Prior.Conv2), Import = import },
            Evaluation = Evaluation(d.Evaluation) with { Seed = Seed ?? d.Evaluation.Seed },
        };
    }

    public override ValidationResult Validate()
    {
        if (Spec is not null && ExperimentFlags().FirstOrDefault(f => f.Given) is { Name: { } flag })
        {
            return ValidationResult.Error($"--spec runs the file as it is; {flag} would change it (edit the file instead)");
        }

        if (Prune is not null && KeepTop is not null)
        {
            return ValidationResult.Error("--prune and --keep-top are two pruning rules: give one");
        }

        if (SourceWidths is not null && ParseWidths(SourceWidths) is null)
        {
            return ValidationResult.Error($"--source-widths must be two positive numbers like 32x64, got '{SourceWidths}'");
        }

        if (Prior is not null && Prior.Trim().Length == 0)
        {
            return ValidationResult.Error("--prior must be own, published or a folder");
        }

        var built = Spec is null ? BuildSpec() : null;
        if (built is not null && IgnoredFlag(built) is { } ignored)
        {
            return ValidationResult.Error(ignored);
        }

        if (Prior == PublishedPriorName && InstalledPrior.Find(Root) is null)
        {
            return ValidationResult.Error($"--prior published: no prior is installed in {InstalledPrior.FolderIn(Root)} (`dwpfarm prior import DIR` installs the authors')");
        }

        if (Slots is < 1)
        {
            return ValidationResult.Error("--slots must be at least 1");
        }

        // The flags' names, then the spec's own rules and this machine's folders, before any data is loaded; each problem
        // names the flag that set the field.
        IReadOnlyList<SpecError> errors = built is null ? [] : [.. NameErrors()];
        errors = built is null || errors.Count > 0 ? errors : SweepSpecValidator.Validate(built, new LocalSpecEnvironment());
        return errors.Count > 0
            ? ValidationResult.Error(string.Join("; ", errors.Select(e => $"{FlagOf(e.Path)} ({e.Path}): {e.Message}")))
            : ValidationResult.Success();
    }

    /// <summary>The flag that sets the field at <paramref name="path"/> (<c>evaluation.trainSizes[1]</c> is in <c>evaluation.trainSizes</c>).</summary>
    private string FlagOf(string path) =>
        ExperimentFlags().OrderBy(f => !f.Given).FirstOrDefault(f => f.Fields.Any(field => path == field || path.StartsWith(field + ".", StringComparison.Ordinal)
            || path.StartsWith(field + "[", StringComparison.Ordinal)))?.Name ?? "a flag";

    /// <summary>A flag's names that are not names of the spec's enums, each at the field it would set (a spec cannot hold them).</summary>
    protected virtual IEnumerable<SpecError> NameErrors() => [];

    /// <summary>The values a comma-separated list of names gives, and the problem with each name that is none (at <paramref name="field"/>[i]).</summary>
    protected static (IReadOnlyList<T> Values, IReadOnlyList<SpecError> Errors) ParseNames<T>(string text, string field)
        where T : struct, Enum
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new List<T>();
        var errors = new List<SpecError>();
        for (var i = 0; i < names.Length; i++)
        {
            if (SpecName.TryParse<T>(names[i], out var value))
            {
                values.Add(value);
            }
            else
            {
                errors.Add(new SpecError($"{field}[{i}]", SpecName.Unknown(typeof(T), names[i])));
            }
        }

        return (values, errors);
    }

    private static IReadOnlyList<int>? ParseWidths(string text)
    {
        var parts = text.Split('x');
        return parts.Length == 2 && FlagLists.Ints(parts[0]) is [var h0] && FlagLists.Ints(parts[1]) is [var h1] ? [h0, h1] : null;
    }
}
