using DwpFarm.Client.Commands.Lab;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;

namespace DwpFarm.Farm.Tests;

/// <summary>The lab's first line names the priors' fit as the spec sets it, layer by layer when they differ.</summary>
public sealed class LabHeaderTests
{
    [Fact]
    public void Layers_fitted_alike_share_one_description()
    {
        var spec = new SweepSpec
        {
            Name = "lab",
            Source = new SourceSpec { Count = 4, Widths = [32, 64] },
            Bank = new BankSpec { PruneRule = PruneRule.Relative, PruneThreshold = 0.1 },
            Prior = new PriorSpec { Conv2 = new VaeSpec() },
        };
        var line = LabHeader.Describe(spec, slots: 2);

        Assert.StartsWith("lab: 1 front(s) of 4 sources 32x64 × 3 epochs, prune relative 0.1, VAEs ~600 steps × 3 start(s), init targets", line, StringComparison.Ordinal);
        Assert.EndsWith("2 slots × 1 thread", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_longer_conv2_fit_is_not_reported_as_conv1s()
    {
        var spec = new SweepSpec { Name = "lab", Prior = new PriorSpec { Conv2 = new VaeSpec { Steps = 3000, Restarts = 1 } } };

        Assert.Contains(", VAEs conv1 ~600 steps × 3 start(s), conv2 ~3000 steps × 1 start(s), ", LabHeader.Describe(spec, 2), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fit_set_in_epochs_is_reported_in_epochs()
    {
        var spec = new SweepSpec { Name = "lab", Prior = new PriorSpec { Conv1 = new VaeSpec { Steps = 0, Epochs = 300 } } };

        Assert.Contains(", VAEs conv1 300 epochs × 3 start(s), conv2 ~", LabHeader.Describe(spec, 2), StringComparison.Ordinal);
    }

    [Fact]
    public void Letters_drawn_dark_on_light_are_named_with_the_front()
    {
        var spec = new SweepSpec { Name = "lab", Source = new SourceSpec { Inverted = 0.5 } };

        Assert.Contains(" × 3 epochs (50 % of the letters dark on light), prune ", LabHeader.Describe(spec, 2), StringComparison.Ordinal);
    }

    [Fact]
    public void Imported_priors_name_their_folder()
    {
        var spec = new SweepSpec { Name = "lab", Prior = new PriorSpec { Import = "/data/fconv" } };

        Assert.Contains(", VAEs imported from /data/fconv, ", LabHeader.Describe(spec, 2), StringComparison.Ordinal);
    }

    [Fact]
    public void An_imported_bank_replaces_the_sources_in_the_description()
    {
        var spec = new SweepSpec { Name = "lab", Bank = new BankSpec { Import = "/data/fconv" }, Prior = new PriorSpec { Import = "/data/fconv" } };

        Assert.StartsWith("lab: 1 front(s) on the published bank in /data/fconv, VAEs imported from /data/fconv, ", LabHeader.Describe(spec, 2), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PruneUnit.Init, "prune norm [1, 0.5] × the initial norm, ")]
    [InlineData(PruneUnit.Absolute, "prune norm [0.392, 0.131] absolute, ")]
    public void The_norm_rule_shows_its_cut_per_layer_and_its_unit(PruneUnit unit, string expected)
    {
        double[] cuts = unit == PruneUnit.Init ? [1, 0.5] : [0.392, 0.131];
        var spec = new SweepSpec { Name = "lab", Bank = new BankSpec { PruneRule = PruneRule.Norm, PruneThresholds = cuts, PruneUnit = unit } };

        Assert.Contains(expected, LabHeader.Describe(spec, 2), StringComparison.Ordinal);
    }
}
