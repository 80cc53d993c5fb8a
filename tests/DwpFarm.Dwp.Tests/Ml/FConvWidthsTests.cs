using DwpFarm.Dwp.Models;

namespace DwpFarm.Dwp.Tests.Ml;

public sealed class FConvWidthsTests
{
    [Fact]
    public void Training_flops_count_every_pass_but_conv1s_input_gradient()
    {
        var widths = FConvWidths.Parse("32x128");

        // conv1 20·20·32·49, conv2 6·6·128·32·25, linear 9·128·10 multiply-accumulates.
        const long conv1 = 627_200;
        const long conv2 = 3_686_400;
        const long linear = 11_520;
        Assert.Equal(conv1, widths.Conv1Macs());
        Assert.Equal(conv1 + conv2 + linear, widths.ForwardMacs());
        Assert.Equal(2.0 * ((2 * conv1) + (3 * conv2) + (3 * linear)), widths.TrainFlopsPerSample());
    }

    [Theory]
    [InlineData("32")]
    [InlineData("0x128")]
    [InlineData("32x-1")]
    [InlineData("axb")]
    public void Malformed_widths_are_refused_with_the_expected_form(string text)
    {
        var error = Assert.Throws<DwpException>(() => FConvWidths.Parse(text));
        Assert.Contains("H0xH1", error.Message, StringComparison.Ordinal);
    }
}
