using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Training;

namespace DwpFarm.Dwp.Tests.Ml;

public sealed class SourceTrainerTests
{
    private static readonly SourceTrainingOptions Small = new()
    {
        Widths = new FConvWidths(8, 16),
        Epochs = 3,
        BatchSize = 32,
        Seed = 7,
    };

    [Fact]
    public void Loss_falls_and_synthetic_classes_are_learned()
    {
        var result = SourceTrainer.Train(SyntheticImages.Make(640, 1), SyntheticImages.Make(200, 2), Small with { Epochs = 4, LearningRate = 3e-3 });

        Assert.Equal(4, result.Epochs.Count);
        Assert.True(result.Epochs[^1].Loss < result.Epochs[0].Loss, $"loss did not fall: {string.Join(", ", result.Epochs.Select(e => e.Loss))}");
        Assert.True(result.FinalTestAccuracy > 0.9, $"test accuracy {string.Join(", ", result.Epochs.Select(e => e.TestAccuracy))}");
    }

    [Fact]
    public void Resumed_run_equals_uninterrupted_run_bit_for_bit()
    {
        var train = SyntheticImages.Make(200, 3);
        var test = SyntheticImages.Make(50, 4);
        var checkpoints = new List<byte[]>();
        var whole = SourceTrainer.Train(train, test, Small, progress: p => checkpoints.Add(p.Checkpoint));
        var resumed = SourceTrainer.Train(train, test, Small, resumeFrom: checkpoints[0]);

        Assert.Equal(Deterministic(whole), Deterministic(resumed));
        Assert.Equal(Weights(whole.Checkpoint), Weights(resumed.Checkpoint));
    }

    [Fact]
    public void Same_seed_gives_the_same_weights_and_another_seed_does_not()
    {
        var train = SyntheticImages.Make(100, 5);
        var test = SyntheticImages.Make(20, 6);
        var options = Small with { Epochs = 1 };

        var a = SourceTrainer.Train(train, test, options);
        var b = SourceTrainer.Train(train, test, options);
        var c = SourceTrainer.Train(train, test, options with { Seed = 8 });

        Assert.Equal(Weights(a.Checkpoint), Weights(b.Checkpoint));
        Assert.NotEqual(Weights(a.Checkpoint), Weights(c.Checkpoint));
    }

    [Fact]
    public void The_L2_term_covers_the_conv_biases_only_when_asked()
    {
        var train = SyntheticImages.Make(128, 5);
        var test = SyntheticImages.Make(20, 6);
        var options = Small with { Epochs = 4, ConvL2 = 5, LearningRate = 0.02 };

        var weightsOnly = Biases(SourceTrainer.Train(train, test, options with { L2Biases = false }).Checkpoint);
        var withBiases = Biases(SourceTrainer.Train(train, test, options with { L2Biases = true }).Checkpoint);

        // A strong penalty pulls the penalised biases towards 0; the unpenalised ones keep their initial scale.
        Assert.True(Norm(withBiases) < 0.5 * Norm(weightsOnly), $"bias norm with the penalty {Norm(withBiases)}, without {Norm(weightsOnly)}");
    }

    [Fact]
    public void A_per_epoch_decay_holds_each_epochs_rate_and_ends_at_rate_over_epochs()
    {
        using var parameter = new TorchSharp.Modules.Parameter(TorchSharp.torch.zeros(1));
        using var perEpoch = new DwpFarm.Dwp.Torch.ScheduledAdam([parameter], 1e-3, decaySteps: 100 * 10, decayEvery: 10);
        using var perStep = new DwpFarm.Dwp.Torch.ScheduledAdam([parameter], 1e-3, decaySteps: 100 * 10);

        Assert.Equal(1e-3, perEpoch.RateAt(0), 12);
        Assert.Equal(1e-3, perEpoch.RateAt(9), 12);
        Assert.Equal(0.99e-3, perEpoch.RateAt(10), 12);
        Assert.Equal(1e-5, perEpoch.RateAt(999), 12);
        Assert.True(perStep.RateAt(9) < 1e-3);
        Assert.Equal(1e-6, perStep.RateAt(999), 12);
    }

    [Fact]
    public void A_checkpoint_keeps_the_L2_scope_and_the_decay_so_another_recipe_cannot_resume_it()
    {
        var train = SyntheticImages.Make(64, 3);
        var test = SyntheticImages.Make(20, 4);
        var options = Small with { Epochs = 2, L2Biases = false, LrDecay = LearningRateDecay.Epoch };
        byte[]? first = null;
        SourceTrainer.Train(train, test, options, progress: p => first ??= p.Checkpoint);

        Assert.Equal(options, SourceCheckpoint.Read(first!).Options);
        var ex = Assert.Throws<DwpFarm.Dwp.DwpException>(() => SourceTrainer.Train(train, test, options with { LrDecay = LearningRateDecay.Step }, resumeFrom: first));
        Assert.Contains("other settings", ex.Message);
    }

    [Fact]
    public void Nan_learning_rate_stops_the_run_with_a_clear_error()
    {
        var ex = Assert.Throws<NonFiniteLossException>(() =>
            SourceTrainer.Train(SyntheticImages.Make(64, 1), SyntheticImages.Make(10, 2), Small with { LearningRate = double.NaN }));

        // The first step's loss is finite; its NaN update makes the second one NaN.
        Assert.Equal("source training: the data term (cross-entropy) became NaN at step 2 (epoch 1 step 2)", ex.Message);
        Assert.Equal((LossTerm.Data, 2L, false), (ex.Term, ex.Step, ex.Reproduced));
    }

    [Fact]
    public void Corrupt_or_foreign_checkpoint_bytes_are_a_clear_error()
    {
        var train = SyntheticImages.Make(64, 1);
        var test = SyntheticImages.Make(10, 2);
        var good = SourceTrainer.Train(train, test, Small with { Epochs = 1 }).Checkpoint;
        var flipped = (byte[])good.Clone();
        flipped[flipped.Length / 2] ^= 0x40;

        Assert.Contains("corrupt", Assert.Throws<DwpException>(() => SourceCheckpoint.Read(flipped)).Message, StringComparison.Ordinal);
        Assert.Throws<DwpException>(() => SourceCheckpoint.Read(good[..100]));
        Assert.Throws<DwpException>(() => SourceCheckpoint.Read([1, 2, 3]));
        Assert.Throws<DwpException>(() => SourceTrainer.Train(train, test, Small with { Epochs = 2, Seed = 99 }, resumeFrom: good));
    }

    [Fact]
    public void A_checkpoint_is_a_function_of_its_options_and_seed_so_its_hash_is_too()
    {
        var train = SyntheticImages.Make(64, 1);
        var test = SyntheticImages.Make(10, 2);

        var a = SourceTrainer.Train(train, test, Small with { Epochs = 1 });
        var b = SourceTrainer.Train(train, test, Small with { Epochs = 1 });

        Assert.Equal(a.CheckpointSha256, b.CheckpointSha256);
        Assert.False(SourceCheckpoint.IsEarlierFormat(a.Checkpoint));
    }

    [Theory]
    [InlineData("DWPSRC01")]
    [InlineData("DWPSRC02")]
    public void A_checkpoint_of_an_earlier_build_is_recognised_and_refused_clearly(string header)
    {
        var earlier = Common.SealedBytes.Seal(header, w => w.Write(0));

        Assert.True(SourceCheckpoint.IsEarlierFormat(earlier));
        Assert.Contains("expected the header 'DWPSRC03'", Assert.Throws<DwpException>(() => SourceCheckpoint.Read(earlier)).Message, StringComparison.Ordinal);
    }

    private static string Deterministic(SourceRunResult result)
        => string.Join(";", result.Epochs.Select(e => $"{e.Epoch}:{e.Loss:R}:{e.TrainAccuracy:R}:{e.TestAccuracy:R}:{e.Samples}"));

    private static float[] Biases(byte[] checkpoint)
    {
        using var model = SourceCheckpoint.Read(checkpoint).LoadModel();
        return model.ConvBiases.SelectMany(p => p.data<float>().ToArray()).ToArray();
    }

    private static double Norm(float[] values) => Math.Sqrt(values.Sum(v => (double)v * v));

    private static float[] Weights(byte[] checkpoint)
    {
        using var model = SourceCheckpoint.Read(checkpoint).LoadModel();
        return model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }
}
