using System.Globalization;

namespace DwpFarm.Dwp.Models;

/// <summary>Channel widths (h0, h1) of the two conv layers of <see cref="FConvMnist"/>; written "h0xh1".</summary>
public sealed record FConvWidths(int Conv1, int Conv2)
{
    /// <summary>The paper's source networks.</summary>
    public static readonly FConvWidths Source = new(256, 512);

    /// <summary>The paper's target network.</summary>
    public static readonly FConvWidths Target = new(32, 128);

    /// <summary>Parses "32x128".</summary>
    public static FConvWidths Parse(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h0)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h1)
            && h0 > 0 && h1 > 0)
        {
            return new FConvWidths(h0, h1);
        }

        throw new DwpException($"widths '{text}' are not of the form H0xH1 with positive integers, e.g. 32x128");
    }

    /// <summary>
    /// Multiply-accumulates of one forward pass on one image (conv1 + conv2 + linear), as computed: conv1 20×20 and
    /// conv2 6×6 outputs, the ones the network's output depends on (see <see cref="FConvMnist.UsedInputSide"/>).
    /// </summary>
    public long ForwardMacs()
        => Conv1Macs()
           + ((long)FConvMnist.Conv2Out * FConvMnist.Conv2Out * Conv2 * Conv1 * FConvMnist.Conv2Kernel * FConvMnist.Conv2Kernel)
           + ((long)FConvMnist.PooledArea * Conv2 * FConvMnist.Classes);

    /// <summary>Multiply-accumulates of conv1's forward pass on one image.</summary>
    public long Conv1Macs() => (long)FConvMnist.Conv1Out * FConvMnist.Conv1Out * Conv1 * FConvMnist.Conv1Kernel * FConvMnist.Conv1Kernel;

    /// <summary>
    /// FLOPs of one training step on one image, 2 per MAC: the forward pass, the weight gradients (one more pass),
    /// and the input gradients (another) of every layer except conv1, whose input, the image, needs none.
    /// </summary>
    public double TrainFlopsPerSample() => 2.0 * ((3 * ForwardMacs()) - Conv1Macs());

    /// <summary>The expected norm of one freshly Xavier-initialised kernel of conv1 and of conv2 (what training starts from).</summary>
    public IReadOnlyList<double> InitialKernelNorms() =>
    [
        Kernels.KernelStatistics.XavierNorm(1, Conv1, FConvMnist.Conv1Kernel),
        Kernels.KernelStatistics.XavierNorm(Conv1, Conv2, FConvMnist.Conv2Kernel),
    ];

    /// <summary>The widths of the nets whose conv layers hold these many kernels each (h0·1, then h1·h0).</summary>
    public static FConvWidths? FromKernelCounts(IReadOnlyList<int> kernelsPerLayer)
        => kernelsPerLayer.Count == 2 && kernelsPerLayer[0] > 0 && kernelsPerLayer[1] % kernelsPerLayer[0] == 0
            ? new FConvWidths(kernelsPerLayer[0], kernelsPerLayer[1] / kernelsPerLayer[0])
            : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Conv1}x{Conv2}");
}
