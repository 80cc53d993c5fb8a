using DwpFarm.Dwp.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DwpFarm.Dwp.Models;

/// <summary>
/// The paper's FConvMNIST: conv 7×7 (1→h0), LeakyReLU(0.01), max-pool 2; conv 5×5 (h0→h1), LeakyReLU(0.01),
/// max-pool 2; linear (9·h1→10). Inputs are [B,1,28,28] in [0,1]. Parameters are initialised with libtorch's
/// default formula from the given generator, never from the global one. It is built on the CPU, where the seeded
/// initialisers draw, and moved to its run's device once they are done (<see cref="ModuleDevices.MoveTo"/>).
/// </summary>
public sealed class FConvMnist : Module<Tensor, Tensor>
{
    public const int Conv1Kernel = 7;
    public const int Conv2Kernel = 5;

    /// <summary>
    /// The input side the output depends on. The floor of the second max-pool (7 → 3) drops conv2's last row and
    /// column, so conv2 needs only 10×10 of the first pool's 11×11, which needs 20×20 of conv1's 22×22, which
    /// needs 26×26 of the 28×28 image. Computing only that is the same function with 26% fewer FLOPs.
    /// </summary>
    public const int UsedInputSide = 26;

    /// <summary>conv1's computed output side (of 22 in the paper's definition).</summary>
    public const int Conv1Out = UsedInputSide - Conv1Kernel + 1;

    /// <summary>conv2's computed output side (of 7).</summary>
    public const int Conv2Out = (Conv1Out / 2) - Conv2Kernel + 1;
    public const int PooledArea = 9;
    public const int Classes = 10;
    private static readonly Scalar Slope = 0.01.ToScalar();

    private readonly Conv2d _conv1;
    private readonly Conv2d _conv2;
    private readonly Linear _fc;

    public FConvMnist(FConvWidths widths, Generator generator)
        : base(nameof(FConvMnist))
    {
        Widths = widths;
        _conv1 = Conv2d(1, widths.Conv1, Conv1Kernel, device: CPU);
        _conv2 = Conv2d(widths.Conv1, widths.Conv2, Conv2Kernel, device: CPU);
        _fc = Linear(PooledArea * widths.Conv2, Classes, device: CPU);
        RegisterComponents();
        ResetParameters(generator);
    }

    public FConvWidths Widths { get; }

    /// <summary>The conv weights in layer order: [h0,1,7,7] then [h1,h0,5,5].</summary>
    public IReadOnlyList<Parameter> ConvWeights => [_conv1.weight!, _conv2.weight!];

    /// <summary>The conv biases in layer order: [h0] then [h1].</summary>
    public IReadOnlyList<Parameter> ConvBiases => [_conv1.bias!, _conv2.bias!];

    /// <summary>The linear classifier's weight [10, 9·h1].</summary>
    public Parameter ClassifierWeight => _fc.weight!;

    /// <summary>Redraws every parameter with libtorch's default formula from <paramref name="generator"/>.</summary>
    public void ResetParameters(Generator generator) => ParameterInit.ResetDefault(this, generator);

    public override Tensor forward(Tensor input) => Body(_conv1, _conv2, _fc, input);

    /// <summary>The network around any two conv layers of the right shapes (plain or Bayesian).</summary>
    internal static Tensor Body(Module<Tensor, Tensor> conv1, Module<Tensor, Tensor> conv2, Linear fc, Tensor input)
    {
        // LeakyReLU is increasing, so max-pool then LeakyReLU is the same function as LeakyReLU then max-pool
        // while touching a quarter of the elements. (In float, 0.01·x can tie two nearby negative inputs, so the
        // argmax that takes the gradient may differ from the other order: equal up to rounding, not bit for bit.)
        // [B,1,28,28] → the 26×26 that matters (see UsedInputSide) → conv1 [B,h0,20,20] → pool [B,h0,10,10] → LeakyReLU
        using var nhwc = ChannelsLast(input);
        using var rows = nhwc.narrow(2, 0, UsedInputSide);
        using var used = rows.narrow(3, 0, UsedInputSide);
        using var c1 = conv1.call(used);
        using var p1 = functional.max_pool2d(c1, 2);
        using var a1 = p1.leaky_relu(Slope);

        // → conv2 [B,h1,6,6] → pool [B,h1,3,3] → LeakyReLU → [B,9·h1] → [B,10]
        using var c2 = conv2.call(a1);
        using var p2 = functional.max_pool2d(c2, 2);
        using var a2 = p2.leaky_relu(Slope);
        using var flat = a2.flatten(1);
        return fc.call(flat);
    }

    /// <summary>
    /// The same one-channel images with channels-last strides. With one channel NCHW memory is NHWC memory, and strides
    /// that say so make oneDNN run both convolutions and pools channels-last: 1.65× a training step of 128×64 on an
    /// AVX-512 Xeon, 1.19× under the AMD kernel caps (docs/results.md, "Numerics on AVX-512 processors"). The same
    /// function, rounded in another order.
    /// </summary>
    internal static Tensor ChannelsLast(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != 1 || !input.is_contiguous())
        {
            return input.alias();
        }

        var (height, width) = (input.shape[2], input.shape[3]);
        return input.as_strided(input.shape, [height * width, 1, width, 1], input.storage_offset());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _conv1.Dispose();
            _conv2.Dispose();
            _fc.Dispose();
        }

        base.Dispose(disposing);
    }
}
