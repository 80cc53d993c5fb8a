using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Tests.Ml;
using DwpFarm.Dwp.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Torch;

/// <summary>
/// FConvMnist's float32 gradients agree with the same net's in float64, which libtorch computes without oneDNN. On an
/// AVX-512 AMD EPYC, oneDNN's AVX-512 convolution backward-data kernel gave conv1 a wrong gradient through conv2: the
/// same one on 1 thread, a different one (at times NaN) per step on 2 (see <see cref="CpuKernelIsa"/>).
/// </summary>
public sealed class ConvGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FConvMnist_float32_gradients_match_float64(int threads)
    {
        var before = TorchThreads.Current;
        TorchThreads.ConfigureCurrentThread(threads);
        try
        {
            using var data = new ImageTensors(SyntheticImages.Make(16, 1));
            var single = Gradients(ScalarType.Float32, data);
            var reference = Gradients(ScalarType.Float64, data);
            for (var i = 0; i < reference.Length; i++)
            {
                var scale = reference[i].Max(Math.Abs);
                var error = single[i].Zip(reference[i], (a, b) => Math.Abs(a - b)).Max();
                Assert.True(error <= 1e-4 * scale, $"parameter {i} on {threads} thread(s): float32 gradient off by {error} (largest value {scale})");
            }
        }
        finally
        {
            TorchThreads.ConfigureCurrentThread(before);
        }
    }

    // Every parameter's gradient of one batch's mean cross-entropy, from the same initial weights in either precision.
    private static double[][] Gradients(ScalarType type, ImageTensors data)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        using var net = new FConvMnist(new FConvWidths(4, 8), generator);
        net.to(type);
        nn.functional.cross_entropy(net.call(data.Images.to_type(type)), data.Labels).backward();
        return net.parameters().Select(p => p.grad!.to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();
    }
}
