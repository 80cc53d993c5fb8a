using DwpFarm.Dwp.Torch;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Bayes;

/// <summary>
/// The shape of one layer's posterior means, to see what a prior did to the kernels: their median L2 norm and
/// the mean |cosine| between two different kernels (1: all alike; near 0: diverse).
/// </summary>
public sealed record KernelStats(double MedianNorm, double MeanAbsCosine)
{
    public static KernelStats Of(BayesConv2d layer)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var kernels = layer.Mean.reshape(layer.KernelCount, -1);
        var norms = kernels.norm(1);
        var unit = kernels / norms.unsqueeze(1).Plus(1e-12);
        var count = layer.KernelCount;

        // Off-diagonal mean of |cos|: the diagonal holds count ones.
        var sum = unit.matmul(unit.t()).abs().sum().item<float>();
        var meanAbsCosine = count > 1 ? (sum - count) / ((double)count * (count - 1)) : 1;
        return new KernelStats(norms.median().item<float>(), meanAbsCosine);
    }
}
