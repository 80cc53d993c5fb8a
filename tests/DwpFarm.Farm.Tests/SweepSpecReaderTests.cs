using DwpFarm.Client.Specs;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;

namespace DwpFarm.Farm.Tests;

/// <summary>Bad specs are rejected with every problem and its field path, before any grain is touched.</summary>
public sealed class SweepSpecReaderTests
{
    private const string Valid = """
        name: quick
        source:
          count: 2
          widths: [8, 16]
          epochs: 1
        evaluation:
          trainSizes: [100, 500]
          methods: [dwp, xavier]
          seeds: 2
          steps: 100
          evalEvery: 50
        """;

    public static TheoryData<string, string, string> BadSpecs => new()
    {
        { "syntax: unclosed list", "source:\n  widths: [8, 16\n", "line 3, column 1: YAML syntax error" },
        { "syntax: tab indentation", "source:\n\tcount: 2\n", "YAML syntax error" },
        { "not a mapping", "- a\n- b\n", "(root)" },
        { "unknown top-level field", "nmae: x\n", "nmae: unknown field" },
        { "unknown nested field", "source:\n  epoch: 3\n", "source.epoch: unknown field" },
        { "wrong type: text for a number", "source:\n  count: many\n", "source.count: must be a whole number, not 'many'" },
        { "wrong type: fraction for a whole number", "evaluation:\n  steps: 1.5\n", "evaluation.steps: must be a whole number" },
        { "wrong type: scalar for a list", "evaluation:\n  trainSizes: 100\n", "evaluation.trainSizes: must be a list" },
        { "wrong type: mapping for a scalar", "source:\n  lr: {a: 1}\n", "source.lr: must be a number" },
        { "negative train size", "evaluation:\n  trainSizes: [100, 50, -5]\n", "evaluation.trainSizes[2]: must be > 0" },
        { "zero source runs", "source:\n  count: 0\n", "source.count: must be between 1 and 10000" },
        { "a boolean that is not one", "prior:\n  gates: yes please\n", "prior.gates: must be true or false, not 'yes please'" },
        { "an imported prior that is not there", "prior:\n  import: /no/such/prior\n", "prior.import: folder '/no/such/prior' does not exist" },
        { "an imported prior named relative to somewhere", "prior:\n  import: fconv\n", "prior.import: must be an absolute path, got 'fconv'" },
        { "an imported bank that is not there", "bank:\n  import: /no/such/bank\n", "bank.import: folder '/no/such/bank' does not exist" },
        { "an imported bank without the authors' layout", "bank:\n  import: /tmp\n", "bank.import: folder '/tmp' has no conv7x7/" },
        { "an imported bank has no sources to stop after", "stopAfter: sources\nbank:\n  import: /tmp\n", "stopAfter: an imported bank (bank.import) has no source runs to stop after" },
        { "fronts that would repeat one imported front", "fronts: 2\nbank:\n  import: /tmp\nprior:\n  import: /tmp\n", "fronts: must be 1 when bank.import and prior.import are both set" },
        { "a top fraction above one", "bank:\n  pruneRule: top\n  pruneThreshold: 1.5\n", "bank.pruneThreshold: must be a fraction in (0, 1] for the top rule" },
        { "no fronts", "fronts: 0\n", "fronts: must be between 1 and 100" },
        { "no VAE start", "prior:\n  conv2: {restarts: 0}\n", "prior.conv2.restarts: must be between 1 and 20" },
        { "negative learning rate", "source:\n  lr: -0.001\n", "source.lr: must be > 0" },
        { "an inverted share above one", "source:\n  inverted: 1.5\n", "source.inverted: must be a share in [0, 1]" },
        { "unknown data set", "source:\n  dataset: cifar\n", "source.dataset: unknown data set 'cifar'" },
        { "unknown evaluation data set", "evaluation:\n  dataset: svhn\n", "evaluation.dataset: unknown data set 'svhn'" },
        { "unknown initialiser", "evaluation:\n  methods: [dwp, orthogonal]\n", "evaluation.methods[1]: unknown method 'orthogonal'" },
        { "three widths", "source:\n  widths: [8, 16, 32]\n", "source.widths: must list two widths" },
        { "eval interval beyond the steps", "evaluation:\n  steps: 10\n  evalEvery: 20\n", "evaluation.evalEvery: must be between 1 and evaluation.steps" },
        { "notmnist without a folder", "source:\n  dataset: notmnist\n", "source.folder: is required" },
        { "missing font folder", "source:\n  fontFolders: [/nonexistent/fonts]\n", "source.fontFolders[0]: folder '/nonexistent/fonts' does not exist" },
        { "train size larger than the pool", "evaluation:\n  trainSizes: [100, 9000]\n", "evaluation.trainSizes[1]: 9000 is larger than the train pool of 8000 images" },
        { "zero threads per slot", "resources:\n  threadsPerSlot: 0\n", "resources.threadsPerSlot: must be between 1 and 1024" },
        { "a unit of no slots", "resources:\n  slots: {conv2: 0}\n", "resources.slots.conv2: must be between 1 and 64 (slots of one silo a unit holds together)" },
        { "a unit of more slots than a silo could have", "resources:\n  slots:\n    evaluations: 65\n", "resources.slots.evaluations: must be between 1 and 64" },
        { "an unknown unit kind's slots", "resources:\n  slots: {conv3: 2}\n", "resources.slots.conv3: unknown field (known fields: bank, conv1, conv2, evaluations, sources)" },
        { "slots that are not a number", "resources:\n  slots: {sources: all}\n", "resources.slots.sources: must be a whole number, not 'all'" },
        { "unknown evaluation mode", "evaluation:\n  mode: mcmc\n", "evaluation.mode: unknown mode 'mcmc' (expected init or bayes)" },
        { "unknown prior", "evaluation:\n  mode: bayes\n  priors: [dwp, laplace]\n", $"evaluation.priors[1]: unknown prior 'laplace' (expected one of {string.Join(", ", SpecNames.Priors)})" },
        { "repeated prior", "evaluation:\n  mode: bayes\n  priors: [sn, sn]\n", "evaluation.priors: must not repeat a prior" },
        { "no priors", "evaluation:\n  mode: bayes\n  priors: []\n", "evaluation.priors: must list at least one prior" },
        { "wrong type: scalar for the priors", "evaluation:\n  priors: dwp\n", "evaluation.priors: must be a list" },
        { "zero ensemble samples", "evaluation:\n  mode: bayes\n  ensembleSamples: 0\n", "evaluation.ensembleSamples: must be between 1 and 1000" },
        { "unknown mean initialisation", "evaluation:\n  mode: bayes\n  meanInit: default\n", $"evaluation.meanInit: unknown initialisation 'default' (expected one of {string.Join(", ", SpecNames.MeanInits)})" },
        { "unknown scale", "evaluation:\n  scaleTo: published\n", $"evaluation.scaleTo: unknown scale 'published' (expected one of {string.Join(", ", SpecNames.ScaleTos)})" },
        { "a scale in bayes mode", "evaluation:\n  mode: bayes\n  scaleTo: xavier\n", "evaluation.scaleTo: applies to init mode only" },
        { "negative DWP kernels", "evaluation:\n  mode: bayes\n  dwpKernels: -1\n", "evaluation.dwpKernels: must be between 0 (every kernel) and 1000000" },
        { "exponent form in a list of whole numbers", "evaluation:\n  trainSizes: [1e9]\n", "evaluation.trainSizes[0]: must be a whole number, not '1e9'" },
        { "alias to a mapping in a list of whole numbers", "bank: &b\n  seed: 1\nevaluation:\n  trainSizes: [100, *b]\n", "evaluation.trainSizes[1]: must be a whole number" },
        { "alias to a list in a list of names", "evaluation:\n  priors: &p [dwp]\n  methods: [dwp, *p]\n", $"evaluation.methods[1]: must be one of {string.Join(", ", SpecNames.Methods)}" },
        { "list as a field name", "source:\n  ? [a, b]\n  : 1\n", "source: has a field name that is not a plain word (a list at line 2, column 5)" },
        { "mapping as a field name at the root", "? {a: 1}\n: 2\n", "(root): has a field name that is not a plain word (a mapping at line 1, column 3)" },
        { "a number beyond double range", "source:\n  lr: 1e400\n", "source.lr: must be a finite number, not '1e400'" },
        { "unknown learning-rate decay", "source:\n  lrDecay: cosine\n", "source.lrDecay: unknown decay 'cosine' (expected step or epoch)" },
        { "norm cuts for the wrong number of layers", "bank:\n  pruneRule: norm\n  pruneThresholds: [0.4, 0.1, 0.1]\n", "bank.pruneThresholds: must give one cut per conv layer (2), or none" },
        { "a negative norm cut", "bank:\n  pruneRule: norm\n  pruneThresholds: [0.4, -0.1]\n", "bank.pruneThresholds[1]: must be >= 0" },
        { "per-layer cuts for another rule", "bank:\n  pruneRule: top\n  pruneThreshold: 0.1\n  pruneThresholds: [0.4, 0.1]\n", "bank.pruneThresholds: applies to the norm rule only" },
        { "a cut unit for another rule", "bank:\n  pruneUnit: init\n", "bank.pruneUnit: applies to the norm rule only" },
        { "unknown pruning rule", "bank:\n  pruneRule: median\n", "bank.pruneRule: unknown rule 'median' (expected one of relative, absolute, top, norm)" },
        { "a number is not a name", "evaluation:\n  mode: 1\n", "evaluation.mode: unknown mode '1' (expected init or bayes)" },
        { "a name in another case", "evaluation:\n  methods: [Xavier]\n", "evaluation.methods[0]: unknown method 'Xavier'" },
        { "unknown cut unit", "bank:\n  pruneRule: norm\n  pruneUnit: sigma\n", "bank.pruneUnit: unknown unit 'sigma' (expected absolute or init)" },
    };

    [Fact]
    public void The_valid_spec_reads_with_defaults_filled_in()
    {
        var (spec, errors) = SweepSpecReader.Read(Valid, new LocalSpecEnvironment());

        Assert.Empty(errors);
        Assert.NotNull(spec);
        Assert.Equal([8, 16], spec.Source.Widths);
        Assert.Equal(256, spec.Source.Batch);
        Assert.Equal([InitMethod.Dwp, InitMethod.Xavier], spec.Evaluation.Methods);
    }

    [Fact]
    public void A_units_slots_read_with_the_other_kinds_on_one_and_write_back_the_same()
    {
        var (spec, errors) = SweepSpecReader.Read(Valid + "\nresources:\n  slots: {conv2: 2}\n");

        Assert.Empty(errors);
        Assert.Equal(new SlotsSpec { Conv2 = 2 }, spec!.Resources.Slots);
        Assert.Equal(spec.Resources, SweepSpecReader.Read(SweepSpecWriter.ToYaml(spec)).Spec?.Resources);
    }

    [Fact]
    public void The_prior_pull_is_off_unless_asked_for_and_writes_back_the_same()
    {
        var (spec, errors) = SweepSpecReader.Read(Valid + "\nprior:\n  pull: true\n");

        Assert.Empty(errors);
        Assert.True(spec!.Prior.Pull);
        Assert.False(SweepSpecReader.Read(Valid).Spec!.Prior.Pull);
        Assert.Equal(spec.Prior, SweepSpecReader.Read(SweepSpecWriter.ToYaml(spec)).Spec?.Prior);
    }

    [Fact]
    public void A_bayes_spec_reads_and_its_grid_counts_priors_not_methods()
    {
        var (spec, errors) = SweepSpecReader.ReadFile(Path.Combine(RepoRoot.Path, "examples/fewshot.yaml"), new LocalSpecEnvironment());

        Assert.Empty(errors);
        Assert.NotNull(spec);
        Assert.Equal(EvaluationMode.Bayes, spec.Evaluation.Mode);
        Assert.Equal([50, 100, 200, 500, 1000], spec.Evaluation.TrainSizes);
        Assert.Equal(["dwp", "sn", "loguniform"], spec.Evaluation.Arms);
        Assert.Equal(10, spec.Evaluation.EnsembleSamples);
        Assert.Equal(5 * 3 * 10, spec.Evaluation.Units);
        Assert.Equal(1 * 4 * 3, new EvaluationSpec { Seeds = 3 }.Units);
    }

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void A_bad_spec_is_rejected_with_the_field_path(string because, string yaml, string expected)
    {
        var (spec, errors) = SweepSpecReader.Read(yaml, new LocalSpecEnvironment());

        Assert.Null(spec);
        Assert.True(errors.Any(e => e.ToString().Contains(expected, StringComparison.Ordinal)), $"{because}: expected an error containing \"{expected}\", got: {string.Join(" | ", errors)}");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (_, errors) = SweepSpecReader.Read("source:\n  count: 0\n  lr: -1\n  colour: red\nevaluation:\n  trainSizes: [0]\n");

        Assert.Equal(["evaluation.trainSizes[0]", "source.colour", "source.count", "source.lr"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_alias_to_a_valid_value_reads_as_that_value()
    {
        var (spec, errors) = SweepSpecReader.Read("source:\n  count: &n 2\nevaluation:\n  trainSizes: [100, *n]\n");

        Assert.Empty(errors);
        Assert.Equal([100, 2], spec!.Evaluation.TrainSizes);
    }

    [Fact]
    public void A_spec_over_one_mebibyte_is_rejected_before_it_is_parsed()
    {
        // Padding that is valid YAML: only the size can reject it.
        var padded = Valid + "\n" + string.Concat(Enumerable.Repeat("# padding padding padding padding padding padding padding padding\n", 20_000));

        var (spec, errors) = SweepSpecReader.Read(padded);

        Assert.Null(spec);
        Assert.Equal($"(root): is {padded.Length} bytes; a sweep spec may be at most 1048576 bytes (1 MiB)", Assert.Single(errors).ToString());
    }

    [Fact]
    public void An_infinite_number_is_named_as_not_finite_by_the_validator_too()
    {
        var spec = new SweepSpec { Source = new SourceSpec { Lr = double.PositiveInfinity }, Prior = new PriorSpec { Conv1 = new VaeSpec { Lr = double.NaN } } };

        var errors = SweepSpecValidator.Validate(spec).Select(e => e.ToString()).ToList();

        Assert.Contains("source.lr: must be a finite number", errors);
        Assert.Contains("prior.conv1.lr: must be a finite number", errors);
    }

    public static TheoryData<string> Examples => [.. Directory.GetFiles(Path.Combine(RepoRoot.Path, "examples"), "*.yaml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_shipped_examples_are_valid(string file)
    {
        var (spec, errors) = SweepSpecReader.ReadFile(Path.Combine(RepoRoot.Path, "examples", file), new LocalSpecEnvironment());

        Assert.True(spec is not null, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public void The_polarity_front_draws_half_its_letters_dark_on_light()
    {
        var (spec, errors) = SweepSpecReader.ReadFile(Path.Combine(RepoRoot.Path, "examples", "front-recipe-inverted.yaml"), new LocalSpecEnvironment());

        Assert.True(spec is not null, string.Join(Environment.NewLine, errors));
        Assert.Equal(0.5, spec.Source.Inverted);
    }
}
