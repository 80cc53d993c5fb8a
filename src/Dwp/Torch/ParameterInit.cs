using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Seeded versions of the initialisation formulas. TorchSharp's <c>nn.init.kaiming_uniform_</c> and
/// <c>xavier_normal_</c> take no generator, and in 0.107 even <c>nn.init.uniform_</c>/<c>normal_</c> ignore the
/// generator they are given (measured: two calls with equally seeded generators differ). Concurrent slots share
/// the process-wide generator, so these formulas are written on the tensor methods <c>Tensor.uniform_</c> and
/// <c>Tensor.normal_</c>, which do honour a per-run <see cref="Generator"/>.
/// </summary>
public static class ParameterInit
{
    /// <summary>
    /// libtorch's default for Conv and Linear weights: kaiming_uniform with a = √5, which is
    /// U(−1/√fan_in, 1/√fan_in).
    /// </summary>
    public static void DefaultWeight(Tensor weight, Generator generator)
    {
        var bound = 1.0 / Math.Sqrt(FanIn(weight));
        using var _ = no_grad();
        weight.uniform_(-bound, bound, generator);
    }

    /// <summary>libtorch's default for Conv and Linear biases: U(−1/√fan_in, 1/√fan_in) of the layer's weight.</summary>
    public static void DefaultBias(Tensor bias, Tensor weight, Generator generator)
    {
        var bound = 1.0 / Math.Sqrt(FanIn(weight));
        using var _ = no_grad();
        bias.uniform_(-bound, bound, generator);
    }

    /// <summary>
    /// Redraws every "*.weight" and "*.bias" of <paramref name="module"/> (conv, transposed conv, linear)
    /// with the default formula, in parameter order, from <paramref name="generator"/>.
    /// </summary>
    public static void ResetDefault(nn.Module module, Generator generator)
    {
        Tensor? lastWeight = null;
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (name.EndsWith("weight", StringComparison.Ordinal))
            {
                DefaultWeight(parameter, generator);
                lastWeight = parameter;
            }
            else if (lastWeight is not null)
            {
                DefaultBias(parameter, lastWeight, generator);
            }
        }
    }

    /// <summary>Xavier/Glorot normal: N(0, 2 / (fan_in + fan_out)).</summary>
    public static void XavierNormal(Tensor weight, Generator generator)
    {
        var std = Math.Sqrt(2.0 / (FanIn(weight) + FanOut(weight)));
        using var _ = no_grad();
        weight.normal_(0.0, std, generator);
    }

    /// <summary>Inputs per output unit: in-channels × kernel area (or in-features).</summary>
    public static long FanIn(Tensor weight) => weight.shape[1] * ReceptiveField(weight);

    /// <summary>Outputs per input unit: out-channels × kernel area (or out-features).</summary>
    public static long FanOut(Tensor weight) => weight.shape[0] * ReceptiveField(weight);

    private static long ReceptiveField(Tensor weight)
    {
        long field = 1;
        for (var d = 2; d < weight.Dimensions; d++)
        {
            field *= weight.shape[d];
        }

        return field;
    }
}
