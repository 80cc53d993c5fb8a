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

    [Fact]
    public void A_checkpoint_of_an_earlier_build_is_recognised_and_refused_clearly()
    {
        var earlier = Common.SealedBytes.Seal("DWPSRC01", w => w.Write(0));

        Assert.True(SourceCheckpoint.IsEarlierFormat(earlier));
        Assert.Contains("expected the header 'DWPSRC02'", Assert.Throws<DwpException>(() => SourceCheckpoint.Read(earlier)).Message, StringComparison.Ordinal);
    }

    private static string Deterministic(SourceRunResult result)
        => string.Join(";", result.Epochs.Select(e => $"{e.Epoch}:{e.Loss:R}:{e.TrainAccuracy:R}:{e.TestAccuracy:R}:{e.Samples}"));

    private static float[] Weights(byte[] checkpoint)
    {
        using var model = SourceCheckpoint.Read(checkpoint).LoadModel();
        return model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }
}
