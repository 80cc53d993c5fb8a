using DwpFarm.Dwp.Bench;

namespace DwpFarm.Dwp.Tests.Bench;

public sealed class BenchFrontTests
{
    [Theory]
    [InlineData(500, 18_000, 100)] // the default spec's epoch: 500 samples/s for an hour is 100 passes
    [InlineData(250, 58_000, 15.517241)] // the paper's 60,000 letters less 2,000 held out
    public void A_net_epoch_is_one_pass_of_one_net_over_the_training_letters(double samplesPerSecondPerCore, int imagesPerEpoch, double expected)
    {
        Assert.Equal(expected, new BenchFront("128x64", 1, samplesPerSecondPerCore).NetEpochsPerCoreHour(imagesPerEpoch), 5);
    }
}
