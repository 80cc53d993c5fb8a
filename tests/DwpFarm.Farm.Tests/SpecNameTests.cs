using System.Reflection;
using System.Text.Json;
using DwpFarm.Client.Commands.Lab;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Specs;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Training;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Vocabulary;

namespace DwpFarm.Farm.Tests;

/// <summary>
/// The spec's enums are named the same everywhere: YAML in and out, every JSON output and the source cache's key hold
/// <see cref="SpecName"/>'s names, and a name that is none is refused with the list of names.
/// </summary>
public sealed class SpecNameTests
{
    /// <summary>Every enum the contracts and the ML core let a spec name.</summary>
    private static readonly Type[] Named =
    [
        .. new[] { typeof(SweepSpec).Assembly, typeof(InitMethod).Assembly }
            .SelectMany(a => a.GetTypes()).Where(t => t.IsEnum && t.IsDefined(typeof(SpecNameAttribute), inherit: false)),
    ];

    /// <summary>A spec for every value of every enum field, each valid on its own.</summary>
    private static IEnumerable<SweepSpec> EveryValue()
    {
        var d = new SweepSpec();
        foreach (var decay in Enum.GetValues<LearningRateDecay>())
        {
            yield return d with { Source = d.Source with { LrDecay = decay } };
        }

        foreach (var rule in Enum.GetValues<PruneRule>())
        {
            yield return d with { Bank = d.Bank with { PruneRule = rule } };
        }

        foreach (var unit in Enum.GetValues<PruneUnit>())
        {
            yield return d with { Bank = d.Bank with { PruneRule = PruneRule.Norm, PruneUnit = unit } };
        }

        foreach (var mode in Enum.GetValues<EvaluationMode>())
        {
            yield return d with { Evaluation = d.Evaluation with { Mode = mode } };
        }

        yield return d with { Evaluation = d.Evaluation with { Methods = Enum.GetValues<InitMethod>() } };
        yield return d with { Evaluation = d.Evaluation with { Mode = EvaluationMode.Bayes, Priors = Enum.GetValues<WeightPriorKind>() } };
    }

    [Fact]
    public void Every_enum_value_of_a_spec_writes_to_yaml_and_reads_back_the_same()
    {
        foreach (var spec in EveryValue())
        {
            var yaml = SweepSpecWriter.ToYaml(spec);
            var (read, errors) = SweepSpecReader.Read(yaml);

            Assert.True(errors.Count == 0, $"{string.Join("; ", errors)} in\n{yaml}");
            Assert.Equal(JsonSerializer.Serialize(spec), JsonSerializer.Serialize(read));
        }
    }

    [Fact]
    public void Json_writes_and_reads_every_value_by_its_spec_name_in_the_outputs_and_the_cache_key()
    {
        Assert.Contains(typeof(EvaluationMode), Named);
        Assert.Contains(typeof(WeightPriorKind), Named);
        foreach (var value in Named.SelectMany(t => Enum.GetValues(t).Cast<Enum>()))
        {
            var name = JsonSerializer.Serialize(SpecName.Of(value));
            foreach (var options in new[] { JsonOutput.Options, JsonSerializerOptions.Default })
            {
                Assert.Equal(name, JsonSerializer.Serialize(value, value.GetType(), options));
                Assert.Equal(value, JsonSerializer.Deserialize(name, value.GetType(), options));
            }
        }

        // The letters' prior is named as users write it, not in camelCase.
        Assert.Equal("\"loguniform\"", JsonSerializer.Serialize(WeightPriorKind.LogUniform, JsonOutput.Options));
    }

    [Fact]
    public void The_source_cache_key_holds_the_decay_by_name_as_when_it_was_a_string()
    {
        var spec = new SourceSpec { LrDecay = LearningRateDecay.Epoch };

        Assert.Equal("epoch", JsonDocument.Parse(JsonSerializer.Serialize(spec)).RootElement.GetProperty(nameof(SourceSpec.LrDecay)).GetString());
    }

    [Theory]
    [InlineData("source:\n  lrDecay: bogus\n", "source.lrDecay", typeof(LearningRateDecay))]
    [InlineData("bank:\n  pruneRule: bogus\n", "bank.pruneRule", typeof(PruneRule))]
    [InlineData("bank:\n  pruneRule: norm\n  pruneUnit: bogus\n", "bank.pruneUnit", typeof(PruneUnit))]
    [InlineData("evaluation:\n  mode: bogus\n", "evaluation.mode", typeof(EvaluationMode))]
    [InlineData("evaluation:\n  methods: [dwp, bogus]\n", "evaluation.methods[1]", typeof(InitMethod))]
    [InlineData("evaluation:\n  priors: [bogus]\n", "evaluation.priors[0]", typeof(WeightPriorKind))]
    public void An_unknown_name_is_refused_with_every_valid_name(string yaml, string path, Type type)
    {
        var error = Assert.Single(SweepSpecReader.Read(yaml).Errors);

        Assert.Equal(path, error.Path);
        Assert.StartsWith($"unknown {type.GetCustomAttribute<SpecNameAttribute>()!.Noun} 'bogus' (expected ", error.Message, StringComparison.Ordinal);
        Assert.All(SpecName.All(type), name => Assert.Contains(name, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_a_spec_cannot_name_is_refused_by_the_validator()
    {
        var spec = new SweepSpec { Bank = new BankSpec { PruneRule = (PruneRule)99 } };

        Assert.Equal(["bank.pruneRule"], SweepSpecValidator.Validate(spec).Select(e => e.Path));
    }

    [Fact]
    public void An_unknown_prior_on_the_command_line_names_its_flag_and_the_valid_priors()
    {
        var result = new FewShotCommandSettings { Prior = "own", Priors = "dwp,laplace" }.Validate();

        Assert.Equal($"--priors (evaluation.priors[1]): {SpecName.Unknown(typeof(WeightPriorKind), "laplace")}", result.Message);
        Assert.Equal([WeightPriorKind.Sn, WeightPriorKind.Gaussian], new FewShotCommandSettings { Prior = "own", Priors = "sn, gaussian" }.BuildSpec().Evaluation.Priors);
    }
}
