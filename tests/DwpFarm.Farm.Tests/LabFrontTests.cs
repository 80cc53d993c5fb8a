using DwpFarm.Client.Commands.Lab;
using DwpFarm.Client.Specs;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Pipeline.Specs;
using DwpFarm.TestSupport;

namespace DwpFarm.Farm.Tests;

/// <summary>The front the lab builds by default, and the two pruning flags that change its bank.</summary>
public sealed class LabFrontTests
{
    [Fact]
    public void Both_lab_experiments_build_the_same_default_front()
    {
        var init = new InitCompareSettings().BuildSpec();
        var fewshot = new FewShotCommandSettings { Prior = "own" }.BuildSpec();

        Assert.Equivalent(init.Source, fewshot.Source, strict: true);
        Assert.Equivalent(init.Bank, fewshot.Bank, strict: true);
        Assert.Equivalent(init.Prior, fewshot.Prior, strict: true);
    }

    [Fact]
    public void The_front_is_the_published_examples_but_for_its_seeds_its_conv2_fit_and_default_row()
    {
        var (example, errors) = SweepSpecReader.ReadFile(Path.Combine(RepoRoot.Path, "examples", "front-wide-top10.yaml"), new LocalSpecEnvironment());
        var lab = new InitCompareSettings().BuildSpec();

        Assert.Empty(errors);
        Assert.Equivalent(example!.Source with { Seed = 0 }, lab.Source, strict: true);
        Assert.Equivalent(example.Bank, lab.Bank, strict: true);
        Assert.Equivalent(example.Prior.Conv1, lab.Prior.Conv1, strict: true);
        Assert.Equivalent(example.Prior.Conv2 with { Steps = 9000, Restarts = 1 }, lab.Prior.Conv2, strict: true);
        // The lab also runs PyTorch's default initialisation, for the table's last row.
        Assert.Equivalent(example.Evaluation with { Seed = 0, Methods = [.. example.Evaluation.Methods, InitMethod.Default] }, lab.Evaluation, strict: true);
    }

    [Theory]
    [InlineData(null, 0.05, PruneRule.Top, 0.05)]
    [InlineData(0.2, null, PruneRule.Relative, 0.2)]
    public void Each_pruning_flag_sets_its_rule_and_threshold(double? prune, double? keepTop, PruneRule rule, double threshold)
    {
        var bank = new InitCompareSettings { Prune = prune, KeepTop = keepTop }.BuildSpec().Bank;

        Assert.Equal((rule, threshold), (bank.PruneRule, bank.PruneThreshold));
    }

    [Fact]
    public void Both_pruning_flags_together_are_refused()
    {
        var result = new InitCompareSettings { Prune = 0.2, KeepTop = 0.1 }.Validate();

        Assert.False(result.Successful);
        Assert.Equal("--prune and --keep-top are two pruning rules: give one", result.Message);
    }
}
