using DwpFarm.Dwp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Ml;

public sealed class FConvMnistTests
{
    [Fact]
    public void Computing_only_the_used_26x26_is_the_papers_network_in_outputs_and_gradients()
    {
        using var generator = new Generator(11);
        using var model = new FConvMnist(new FConvWidths(4, 8), generator);
        using var input = rand([3, 1, 28, 28], generator: generator);
        var parameters = model.parameters().ToArray();
        Assert.Equal(6, parameters.Length);

        using var output = model.call(input);
        output.square().sum().backward();
        var gradients = parameters.Select(p => p.grad!.clone()).ToArray();
        foreach (var p in parameters)
        {
            p.grad!.zero_();
        }

        // The paper's definition on the whole image: conv1 22×22, pool 11×11, conv2 7×7, pool 3×3 (floor).
        using var reference = Full(input, parameters);
        reference.square().sum().backward();

        Assert.Equal([3, 10], output.shape);
        Assert.True(allclose(output, reference, rtol: 1e-5, atol: 1e-6), "outputs differ");
        for (var i = 0; i < parameters.Length; i++)
        {
            Assert.True(allclose(gradients[i], parameters[i].grad!, rtol: 1e-4, atol: 1e-6), $"gradient of parameter {i} differs");
        }
    }

    [Fact]
    public void One_channel_images_go_in_as_channels_last_views_of_the_same_memory()
    {
        using var generator = new Generator(12);
        using var images = rand([2, 1, 28, 28], generator: generator);
        using var nhwc = FConvMnist.ChannelsLast(images);
        Assert.Equal([784L, 1, 28, 1], nhwc.stride());
        Assert.True(eq(images, nhwc).all().item<bool>());

        // Anything else is passed on as it is: with several channels the memory would have to move.
        using var rgb = rand([2, 3, 28, 28], generator: generator);
        using var same = FConvMnist.ChannelsLast(rgb);
        Assert.Equal(rgb.stride(), same.stride());
        using var strided = images.narrow(3, 0, 26);
        using var kept = FConvMnist.ChannelsLast(strided);
        Assert.Equal(strided.stride(), kept.stride());
    }

    private static Tensor Full(Tensor input, Tensor[] p)
    {
        var c1 = nn.functional.conv2d(input, p[0], p[1]);
        var a1 = nn.functional.leaky_relu(nn.functional.max_pool2d(c1, 2), 0.01);
        var c2 = nn.functional.conv2d(a1, p[2], p[3]);
        var a2 = nn.functional.leaky_relu(nn.functional.max_pool2d(c2, 2), 0.01);
        Assert.Equal([3, 4, 22, 22], c1.shape);
        Assert.Equal([3, 8, 7, 7], c2.shape);
        return nn.functional.linear(a2.flatten(1), p[4], p[5]);
    }
}
