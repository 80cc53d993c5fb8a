using DwpFarm.Dwp.Training;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Specs;

namespace DwpFarm.Farm.Tests.Pipeline;

public sealed class UnitOptionsTests
{
    [Fact]
    public void The_norm_rule_cuts_each_layer_at_its_own_threshold_in_plain_norms_or_in_initial_norms()
    {
        var norm = new BankSpec { PruneRule = PruneRule.Norm, PruneThresholds = [0.392, 0.131] };
        var init = norm with { PruneThresholds = [4, 2.5], PruneUnit = PruneUnit.Init };

        var absolute = UnitOptions.Bank(Work(norm), initialNorms: [0.088, 0.051]);
        var relative = UnitOptions.Bank(Work(init), initialNorms: [0.1, 0.05]);

        Assert.Equal([0.392, 0.131], [absolute.PruningOf(0).Absolute, absolute.PruningOf(1).Absolute]);
        Assert.Equal(0.4, relative.PruningOf(0).Absolute, 12);
        Assert.Equal(0.125, relative.PruningOf(1).Absolute, 12);
        Assert.All([absolute.PruningOf(0), relative.PruningOf(1)], p => Assert.Equal(0, p.RelativeToMedian));
    }

    [Fact]
    public void One_norm_cut_applies_to_every_layer()
    {
        var options = UnitOptions.Bank(Work(new BankSpec { PruneRule = PruneRule.Norm, PruneThreshold = 0.3 }));

        Assert.Equal(0.3, options.PruningOf(0).Absolute);
        Assert.Equal(0.3, options.PruningOf(1).Absolute);
    }

    [Fact]
    public void The_authors_source_recipe_reaches_the_trainer_from_the_spec()
    {
        var spec = new SourceSpec { LrDecay = LearningRateDecay.Epoch, L2Biases = true };

        var options = UnitOptions.Source(spec, seed: 5);

        Assert.Equal(LearningRateDecay.Epoch, options.LrDecay);
        Assert.True(options.L2Biases);
        Assert.False(UnitOptions.Source(spec with { L2Biases = false, LrDecay = LearningRateDecay.Step }, 5).L2Biases);
        Assert.Equal(LearningRateDecay.Step, UnitOptions.Source(new SourceSpec(), 5).LrDecay);
    }

    private static BankWork Work(BankSpec spec) => new()
    {
        SweepId = "s",
        UnitId = "bank",
        Seed = 1,
        Resources = new ResourcesSpec(),
        Spec = spec,
        Models = [],
        Layers = ["conv1", "conv2"],
    };
}
