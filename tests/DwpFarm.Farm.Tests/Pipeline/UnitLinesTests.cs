using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Farm.Tests.Pipeline;

/// <summary>The line a finished VAE unit prints says how its prior was made.</summary>
public sealed class UnitLinesTests
{
    [Theory]
    [InlineData(0, "imported, test ELBO 57.43")]
    [InlineData(1, "one fit of 192 epochs, test ELBO 57.43")]
    [InlineData(3, "best of 3 × 192 epochs, test ELBO 57.43")]
    public void A_vae_line_names_an_import_one_fit_or_the_best_of_several_starts(int restarts, string start)
    {
        var result = new VaeResult { Layer = "conv2", Restarts = restarts, Epochs = 192, TestElbo = 57.432, TrainElbo = 58, Environment = "", DataSha256 = "", Weights = null! };

        Assert.StartsWith(start, UnitLines.Outcome(result), StringComparison.Ordinal);
    }
}
