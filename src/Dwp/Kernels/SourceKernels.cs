using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Training;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Kernels;

/// <summary>The 2-D kernel slices of one trained net, per conv layer: conv1 (7×7) then conv2 (5×5).</summary>
public sealed record SourceKernels(IReadOnlyList<KernelSet> Layers)
{
    /// <summary>Every weight[o,i,:,:] of each conv layer, in (o, i) order.</summary>
    public static SourceKernels FromModel(FConvMnist model)
        => new(model.ConvWeights.Select(w => new KernelSet((int)w.shape[^1], TensorValues.Of(w))).ToArray());

    /// <summary>The kernels of a source-run checkpoint (see <see cref="SourceTrainer"/>).</summary>
    public static SourceKernels FromCheckpoint(byte[] checkpoint)
    {
        using var model = SourceCheckpoint.Read(checkpoint).LoadModel();
        return FromModel(model);
    }
}
