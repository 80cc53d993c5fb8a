using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using DwpFarm.Client.Commands.Lab;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Specs;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;
using Spectre.Console.Cli;
using YamlDotNet.RepresentationModel;

namespace DwpFarm.Farm.Tests;

/// <summary>
/// The spec's defaults and the lab's front are the two places the defaults live: the lab without flags runs its front on
/// the spec's defaults, its flags' help states them as they are, the lab's front is the example file the docs measured,
/// and the demo's spec writes down only what differs from the spec's defaults.
/// </summary>
public sealed class LabDefaultsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dwpfarm-lab-defaults-").FullName;

    public static TheoryData<string> Commands => ["init-compare", "fewshot"];

    private LabCommandSettings Settings(string command) => command == "fewshot"
        ? new FewShotCommandSettings { Data = _data, Prior = "own" }
        : new InitCompareSettings { Data = _data };

    [Fact]
    public void Init_compare_without_flags_runs_the_lab_front_on_the_specs_defaults()
    {
        var built = Settings("init-compare").BuildSpec();

        Assert.Equal(Json(LabFront.Spec() with { Name = built.Name, Fronts = built.Fronts }), Json(built));
        Assert.Equal(LabFront.VerdictFronts, built.Fronts);
    }

    [Theory]
    [InlineData("front-recipe-inverted-e100-n32.yaml")]
    [InlineData("front-recipe-inverted-e100-n32-bayes.yaml")]
    public void The_lab_front_is_the_front_of_the_examples_the_docs_measured(string file)
    {
        var (example, errors) = SweepSpecReader.ReadFile(Path.Combine(RepoRoot.Path, "examples", file));
        Assert.Empty(errors);
        var front = LabFront.Spec();

        Assert.True(LabFront.Builds(example!));
        Assert.Equal(Json(front with { Name = "", Evaluation = new(), Fronts = 1 }), Json(example! with { Name = "", Evaluation = new(), Fronts = 1 }));

        // The pull is a measurement, not part of the front: without it the spec builds the same front.
        Assert.True(example!.Prior.Pull);
        Assert.True(LabFront.Builds(example with { Prior = example.Prior with { Pull = false } }));
        Assert.False(LabFront.Builds(example with { Prior = example.Prior with { Conv1 = example.Prior.Conv1 with { Restarts = 1 } } }));
    }

    [Fact]
    public void The_fast_example_is_the_specs_default_front_the_demo_builds()
    {
        var (fast, errors) = SweepSpecReader.ReadFile(Path.Combine(RepoRoot.Path, "examples", "front-fast.yaml"));
        var (quick, quickErrors) = SweepSpecReader.ReadFile(Path.Combine(RepoRoot.Path, "examples", "quick.yaml"));
        Assert.Empty(errors.Concat(quickErrors));

        Assert.Equal(Json(quick! with { Name = "", Evaluation = new(), Resources = new(), Fronts = 3 }), Json(fast! with { Name = "", Evaluation = new() }));
        Assert.False(LabFront.Builds(fast!));
    }

    [Fact]
    public void The_demo_names_the_front_and_cost_of_the_verdict_and_a_run_on_that_front_does_not()
    {
        var (quick, errors) = SweepSpecReader.ReadFile(Path.Combine(RepoRoot.Path, "examples", "quick.yaml"));
        Assert.Empty(errors);

        var advice = LabFront.Advice(quick!);

        Assert.NotNull(advice);
        Assert.Contains("2 fronts of 32 sources of 32×64 trained 100 epochs", advice, StringComparison.Ordinal);
        Assert.Contains("`./dwpfarm lab init-compare`", advice, StringComparison.Ordinal);
        Assert.Contains($"about {LabFront.VerdictFronts * LabFront.MinutesOnTwoCores} minutes on 2 cores", advice, StringComparison.Ordinal);
        Assert.Null(LabFront.Advice(Settings("init-compare").BuildSpec()));
        Assert.Null(LabFront.Advice(quick! with { Prior = quick!.Prior with { Import = _data } }));
    }

    [Fact]
    public void Fewshot_without_flags_runs_the_lab_front_and_changes_only_its_experiments_fields()
    {
        var built = Settings("fewshot").BuildSpec();
        var e = built.Evaluation;

        Assert.Equal(EvaluationMode.Bayes, e.Mode);
        Assert.Equal(
            Json(LabFront.Spec() with
            {
                Name = built.Name, Fronts = built.Fronts,
                Evaluation = new EvaluationSpec() with { Mode = e.Mode, TrainSizes = e.TrainSizes, Seeds = e.Seeds, Steps = e.Steps, DwpKernels = e.DwpKernels },
            }),
            Json(built));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Each_default_a_flag_states_is_what_the_command_builds_without_it(string command)
    {
        var settings = Settings(command);
        var built = settings.BuildSpec();
        var checkedFlags = 0;
        foreach (var property in settings.GetType().GetProperties())
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is not { } option
                || property.GetCustomAttribute<DescriptionAttribute>()?.Description is not { } description
                || Regex.Match(description, @"\(default ([^;)]*)") is not { Success: true } clause)
            {
                continue;
            }

            // A flag shared by both commands names each one's default ("3 for init-compare, 1 for fewshot").
            var flag = option.LongNames.Single();
            var own = Regex.Match(clause.Groups[1].Value, $@"(\S+) for {Regex.Escape(command)}\b");
            var stated = Numbers(own.Success ? own.Groups[1].Value : clause.Groups[1].Value);
            if (stated.Count == 0)
            {
                continue;
            }

            var values = Built(built, flag);
            Assert.True(values is not null, $"--{flag} states a default this test does not know how to check: {description}");
            Assert.True(values.SequenceEqual(stated), $"--{flag} says (default {clause.Groups[1].Value}) but {command} builds {string.Join(", ", values)}");
            checkedFlags++;
        }

        Assert.True(checkedFlags >= 8, $"only {checkedFlags} flags of {command} state a default");
    }

    [Fact]
    public void The_demos_spec_states_exactly_what_differs_from_the_defaults()
    {
        var path = Path.Combine(RepoRoot.Path, "examples", "quick.yaml");
        var (spec, errors) = SweepSpecReader.ReadFile(path);
        Assert.Empty(errors);

        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        var stated = Leaves((YamlMappingNode)stream.Documents[0].RootNode, "").Order(StringComparer.Ordinal);
        var differing = Differences(JsonDocument.Parse(Json(new SweepSpec())).RootElement, JsonDocument.Parse(Json(spec!)).RootElement, "").Order(StringComparer.Ordinal);

        Assert.Equal(stated, differing);
    }

    [Fact]
    public void Both_lab_experiments_build_the_same_default_front()
    {
        var init = Settings("init-compare").BuildSpec();
        var fewshot = Settings("fewshot").BuildSpec();

        Assert.Equal(Json(init with { Name = "", Fronts = 1, Evaluation = new() }), Json(fewshot with { Name = "", Fronts = 1, Evaluation = new() }));
    }

    [Theory]
    [InlineData(null, 0.05, PruneRule.Top, 0.05)]
    [InlineData(0.2, null, PruneRule.Relative, 0.2)]
    public void Each_pruning_flag_sets_its_rule_and_threshold(double? prune, double? keepTop, PruneRule rule, double threshold)
    {
        var settings = new InitCompareSettings { Data = _data, Prune = prune, KeepTop = keepTop };
        var bank = settings.BuildSpec().Bank;

        Assert.Equal((rule, threshold), (bank.PruneRule, bank.PruneThreshold));
        // The lab front's per-layer cuts belong to its norm rule, which the flag replaces.
        Assert.Equal((0, PruneUnit.Absolute), (bank.PruneThresholds.Count, bank.PruneUnit));
        Assert.True(settings.Validate().Successful, settings.Validate().Message);
    }

    [Fact]
    public void Both_pruning_flags_together_are_refused()
    {
        var result = new InitCompareSettings { Data = _data, Prune = 0.2, KeepTop = 0.1 }.Validate();

        Assert.False(result.Successful);
        Assert.Equal("--prune and --keep-top are two pruning rules: give one", result.Message);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static string Json(SweepSpec spec) => JsonSerializer.Serialize(spec, JsonOutput.Options);

    /// <summary>What a spec built without the flag holds in the fields it sets, as the flag writes them.</summary>
    private static IReadOnlyList<double>? Built(SweepSpec s, string flag) => flag switch
    {
        "sources" => [s.Source.Count],
        "source-epochs" => [s.Source.Epochs],
        "source-widths" => [.. s.Source.Widths],
        "keep-top" => [s.Bank.PruneThreshold],
        "vae-steps" => [s.Prior.Conv1.Steps, s.Prior.Conv2.Steps],
        "seed" => [.. new[] { s.Source.Seed, s.Bank.Seed, s.Prior.Conv1.Seed, s.Prior.Conv2.Seed, s.Evaluation.Seed }.Distinct()],
        "fronts" => [s.Fronts],
        "seeds" => [s.Evaluation.Seeds],
        "train-size" or "sizes" => [.. s.Evaluation.TrainSizes],
        "lr" => [s.Evaluation.Lr],
        "steps" => [s.Evaluation.Steps],
        "batch" => [s.Evaluation.Batch],
        "dwp-kernels" => [s.Evaluation.DwpKernels],
        "kl-weight" => [s.Evaluation.KlWeight],
        _ => null,
    };

    /// <summary>The numbers in a default's text: <c>128x64</c> is two, <c>conv2</c> none.</summary>
    private static List<double> Numbers(string text) =>
    [
        .. Regex.Matches(Regex.Replace(text, @"(?<=\d)x(?=\d)", " "), @"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?(?!\w)")
            .Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)),
    ];

    private static IEnumerable<string> Leaves(YamlMappingNode mapping, string prefix) =>
        mapping.Children.SelectMany(c => c.Value is YamlMappingNode inner
            ? Leaves(inner, $"{prefix}{c.Key}.")
            : [$"{prefix}{c.Key}"]);

    private static IEnumerable<string> Differences(JsonElement a, JsonElement b, string prefix) =>
        a.ValueKind == JsonValueKind.Object
            ? a.EnumerateObject().SelectMany(p => Differences(p.Value, b.GetProperty(p.Name), $"{prefix}{p.Name}."))
            : a.GetRawText() == b.GetRawText() ? [] : [prefix.TrimEnd('.')];
}
