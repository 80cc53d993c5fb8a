using DwpFarm.Data;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Tests.Data;
using DwpFarm.Dwp.Training;

namespace DwpFarm.Dwp.Tests.Ml;

/// <summary>A small source net on a small set of generated letters (fonts installed by scripts/setup.sh).</summary>
public sealed class SourceOnLettersTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_small_source_net_beats_85_percent_on_held_out_letters()
    {
        var letters = LettersSource.Load(new DataRoot(_temp.Path), new LettersOptions(Seed: 0, ImagesPerClass: 250));
        var (train, test) = DataSplit.Stratified(letters.Images, testCount: 500, seed: 0);

        var result = SourceTrainer.Train(train, test, new SourceTrainingOptions
        {
            Widths = new FConvWidths(16, 32),
            Epochs = 4,
            BatchSize = 64,
            LearningRate = 3e-3,
            Seed = 1,
        });

        Assert.True(result.FinalTestAccuracy > 0.85, $"letters test accuracy per epoch: {string.Join(", ", result.Epochs.Select(e => e.TestAccuracy.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
    }
}
