using static TorchSharp.torch;

namespace DwpFarm.Dwp.Torch;

/// <summary>A tensor's values as a host array and back, for checkpoints, bank kernels and initialisers.</summary>
public static class TensorValues
{
    /// <summary>The values of <paramref name="tensor"/>, row-major, read on the host.</summary>
    public static float[] Of(Tensor tensor)
    {
        // The scope holds the chain's intermediate tensors: unheld, the finalizer could free one while libtorch reads it.
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().contiguous().data<float>().ToArray();
    }

    /// <summary>
    /// Overwrites <paramref name="target"/> with <paramref name="values"/> (its shape, flattened), outside autograd: a host
    /// tensor copied to the target's device.
    /// </summary>
    public static void CopyInto(Tensor target, float[] values)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        target.copy_(tensor(values, target.shape, device: CPU));
    }

    /// <summary>Reads <paramref name="target"/>'s values as written by <see cref="Common.FloatArrays"/>; <paramref name="what"/> names it in the error.</summary>
    public static void ReadInto(BinaryReader reader, Tensor target, string what)
    {
        var values = Common.FloatArrays.Read(reader, (int)target.numel());
        if (values.Length != target.numel())
        {
            throw new InvalidDataException($"{what} has {values.Length} values");
        }

        CopyInto(target, values);
    }
}
