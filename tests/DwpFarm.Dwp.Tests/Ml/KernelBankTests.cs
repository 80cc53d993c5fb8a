using DwpFarm.Dwp.Kernels;

namespace DwpFarm.Dwp.Tests.Ml;

public sealed class KernelBankTests
{
    [Fact]
    public void Prunes_near_zero_kernels_splits_per_layer_and_round_trips_through_bytes()
    {
        var conv1 = SyntheticKernels.Make(40, 7, 1);
        var zeros = new KernelSet(7, new float[10 * 49]);
        var source = new SourceKernels([KernelSet.Concat([conv1, zeros]), SyntheticKernels.Make(100, 5, 2)]);

        var bank = KernelBank.Build([source, source], new KernelBankOptions { TestFraction = 0.25, Seed = 3 });

        Assert.Equal(20, bank.Layers[0].Pruned);
        Assert.Equal(80, bank.Layers[0].Kept);
        Assert.Equal(20, bank.Layers[0].Test.Count);
        Assert.Equal(150, bank.Layers[1].Train.Count);
        var copy = KernelBank.FromBytes(bank.ToBytes());
        Assert.Equal(bank.Sha256, copy.Sha256);
        Assert.Equal(bank.Layers[1].Test.Values, copy.Layers[1].Test.Values);
        Assert.Equal(64, bank.Sha256.Length);
    }

    [Fact]
    public void Same_seed_gives_the_same_split()
    {
        var source = new SourceKernels([SyntheticKernels.Make(30, 7, 1), SyntheticKernels.Make(30, 5, 2)]);

        var a = KernelBank.Build([source], new KernelBankOptions { Seed = 5 });
        var b = KernelBank.Build([source], new KernelBankOptions { Seed = 5 });
        var c = KernelBank.Build([source], new KernelBankOptions { Seed = 6 });

        Assert.Equal(a.Sha256, b.Sha256);
        Assert.NotEqual(a.Sha256, c.Sha256);
    }

    [Fact]
    public void The_top_rule_keeps_the_largest_kernels_of_each_layer_and_round_trips()
    {
        var conv1 = SyntheticKernels.Make(200, 7, 1);
        var source = new SourceKernels([conv1, SyntheticKernels.Make(100, 5, 2)]);

        var bank = KernelBank.Build([source], new KernelBankOptions { Pruning = new KernelPruning(RelativeToMedian: 0, TopFraction: 0.1), TestFraction = 0.1 });

        var layer = bank.Layers[0];
        Assert.Equal(20, layer.Train.Count + layer.Test.Count);
        Assert.Equal(180, layer.Pruned);
        var twentiethLargest = conv1.Norms().OrderDescending().ElementAt(19);
        Assert.All(layer.Train.Norms().Concat(layer.Test.Norms()), n => Assert.True(n >= twentiethLargest));
        Assert.Equal(10, bank.Layers[1].Train.Count + bank.Layers[1].Test.Count);
        Assert.Equal(bank.Sha256, KernelBank.FromBytes(bank.ToBytes()).Sha256);
        Assert.Equal(0.1, KernelBank.FromBytes(bank.ToBytes()).Options.Pruning.TopFraction);
    }

    [Fact]
    public void A_rule_per_layer_cuts_each_layer_at_its_own_norm_and_round_trips()
    {
        var conv1 = SyntheticKernels.Make(200, 7, 1);
        var conv2 = SyntheticKernels.Make(300, 5, 2);
        var cut1 = conv1.Norms().Order().ElementAt(150);
        var cut2 = conv2.Norms().Order().ElementAt(30);
        var options = new KernelBankOptions
        {
            LayerPruning = [new KernelPruning(RelativeToMedian: 0, Absolute: cut1), new KernelPruning(RelativeToMedian: 0, Absolute: cut2)],
            TestFraction = 0.1,
        };

        var bank = KernelBank.Build([new SourceKernels([conv1, conv2])], options);

        Assert.Equal(150, bank.Layers[0].Pruned);
        Assert.Equal(30, bank.Layers[1].Pruned);
        Assert.Equal(cut2, bank.Layers[1].Threshold);
        var copy = KernelBank.FromBytes(bank.ToBytes());
        Assert.Equal(bank.Sha256, copy.Sha256);
        Assert.Equal(cut2, copy.Options.PruningOf(1).Absolute);
    }

    [Fact]
    public void Empty_bank_after_pruning_is_a_clear_error()
    {
        var source = new SourceKernels([SyntheticKernels.Make(10, 7, 1, scale: 0.01), SyntheticKernels.Make(10, 5, 2)]);

        var ex = Assert.Throws<DwpException>(() =>
            KernelBank.Build([source], new KernelBankOptions { Pruning = new KernelPruning(Absolute: 10) }));

        Assert.Contains("layer 0 is empty after pruning", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_bank_bytes_are_a_clear_error()
    {
        var bytes = KernelBank.Build([new SourceKernels([SyntheticKernels.Make(10, 7, 1)])], new KernelBankOptions()).ToBytes();
        bytes[20] ^= 1;

        Assert.Throws<DwpException>(() => KernelBank.FromBytes(bytes));
        Assert.Throws<DwpException>(() => KernelBank.FromBytes(bytes[..40]));
        Assert.Throws<DwpException>(() => KernelBank.FromBytes([]));
    }
}
