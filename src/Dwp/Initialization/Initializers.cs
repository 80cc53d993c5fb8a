using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Initialization;

/// <summary>
/// Initialises the conv weights of a target <see cref="FConvMnist"/> by one of the compared methods. Only
/// the conv weights change: biases and the linear layer keep what the caller gave them (see
/// <see cref="ApplyBase"/>), so runs that differ only in the method differ only in the kernels.
/// Kernel i of a layer goes to weight[i / Cin, i % Cin, :, :].
/// </summary>
public static class Initializers
{
    /// <summary>
    /// The starting point shared by all methods, as in the authors' code: Xavier-normal conv and linear weights,
    /// libtorch-default biases (already drawn by the model's constructor).
    /// </summary>
    public static void ApplyBase(FConvMnist net, Generator generator)
    {
        foreach (var weight in net.ConvWeights.Append(net.ClassifierWeight))
        {
            ParameterInit.XavierNormal(weight, generator);
        }
    }

    public static void Apply(FConvMnist net, InitMethod method, KernelPrior? prior, Generator generator)
    {
        var weights = net.ConvWeights;
        for (var layer = 0; layer < weights.Count; layer++)
        {
            var weight = weights[layer];
            switch (method)
            {
                case InitMethod.Xavier:
                    ParameterInit.XavierNormal(weight, generator);
                    break;
                case InitMethod.Default:
                    ParameterInit.DefaultWeight(weight, generator);
                    break;
                case InitMethod.Filters:
                    Place(weight, DrawFilters(Require(prior, method).Bank, layer, (int)(weight.shape[0] * weight.shape[1]), generator));
                    break;
                case InitMethod.Dwp:
                    Place(weight, DrawDwp(Require(prior, method), layer, (int)(weight.shape[0] * weight.shape[1]), generator));
                    break;
                default:
                    throw new DwpException($"unknown initialisation method {method}");
            }
        }
    }

    /// <summary>Parses "xavier", "default", "filters" or "dwp".</summary>
    public static InitMethod Parse(string name)
        => Enum.TryParse<InitMethod>(name, ignoreCase: true, out var method) && Enum.IsDefined(method)
            ? method
            : throw new DwpException($"unknown initialisation '{name}' (expected one of: {string.Join(", ", Enum.GetNames<InitMethod>().Select(n => n.ToLowerInvariant()))})");

    private static KernelPrior Require(KernelPrior? prior, InitMethod method)
        => prior ?? throw new DwpException($"initialisation '{method}' needs a kernel bank and VAEs");

    private static KernelSet DrawFilters(KernelBank bank, int layer, int count, Generator generator)
    {
        // Without replacement when the bank has enough kernels (as the authors do), else with replacement.
        var pool = LayerOf(bank.Layers.Select(l => l.Train).ToArray(), layer, "kernel bank");
        using var indices = count <= pool.Count
            ? randperm(pool.Count, device: CPU, generator: generator)
            : randint(pool.Count, [count], device: CPU, generator: generator);
        return pool.Select(indices.data<long>().ToArray()[..count].Select(i => (int)i).ToArray());
    }

    private static KernelSet DrawDwp(KernelPrior prior, int layer, int count, Generator generator)
    {
        var vae = LayerOf(prior.Vaes, layer, "VAE list");
        return vae.Sample(count, generator);
    }

    private static T LayerOf<T>(IReadOnlyList<T> layers, int layer, string what)
        => layer < layers.Count ? layers[layer] : throw new DwpException($"initialisation: the {what} has no conv layer {layer + 1}");

    private static void Place(Tensor weight, KernelSet kernels)
    {
        var k = weight.shape[^1];
        if (kernels.KernelSize != k)
        {
            throw new DwpException($"initialisation: got {kernels.KernelSize}×{kernels.KernelSize} kernels for a layer of {k}×{k} kernels");
        }

        TensorValues.CopyInto(weight, kernels.Values);
    }
}
