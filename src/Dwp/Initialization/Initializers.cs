using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using DwpFarm.Vocabulary;
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
            Fill(weights[layer], layer, method, prior, generator);
        }
    }

    /// <summary>
    /// Scales each conv layer of <paramref name="net"/> as a whole to the Frobenius norm that <paramref name="reference"/>
    /// draws for that layer from <paramref name="generator"/>. The kernels keep their directions and their norms relative
    /// to each other, so two methods rescaled to one reference differ only in structure, not in scale.
    /// </summary>
    public static void Rescale(FConvMnist net, InitMethod reference, KernelPrior? prior, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weights = net.ConvWeights;
        for (var layer = 0; layer < weights.Count; layer++)
        {
            var weight = weights[layer];
            var drawn = empty_like(weight);
            Fill(drawn, layer, reference, prior, generator);
            var target = drawn.norm().item<float>();
            var own = weight.norm().item<float>();
            if (!(own > 0) || !float.IsFinite(target))
            {
                throw new DwpException($"initialisation: cannot rescale conv layer {layer + 1} of norm {own} to {SpecName.Of(reference)}'s norm {target}");
            }

            using var factor = (target / own).ToScalar();
            weight.mul_(factor);
        }
    }

    private static void Fill(Tensor weight, int layer, InitMethod method, KernelPrior? prior, Generator generator)
    {
        switch (method)
        {
            case InitMethod.Xavier:
                ParameterInit.XavierNormal(weight, generator);
                break;
            case InitMethod.Default:
                ParameterInit.DefaultWeight(weight, generator);
                break;
            default:
                Place(weight, Draw(method, prior, layer, (int)(weight.shape[0] * weight.shape[1]), generator));
                break;
        }
    }

    /// <summary>What of a front <paramref name="method"/> draws on: the one place a method says it.</summary>
    public static FrontInputs Inputs(InitMethod method) => method switch
    {
        InitMethod.Xavier or InitMethod.Default => FrontInputs.None,
        InitMethod.Filters => FrontInputs.Bank,
        InitMethod.Dwp => FrontInputs.Vaes,
        InitMethod.Gaussian => FrontInputs.Gaussians,
        _ => throw new DwpException($"unknown initialisation method {method}"),
    };

    /// <summary>
    /// <paramref name="count"/> kernels of conv layer <paramref name="layer"/> drawn by a method that draws on a front
    /// (<see cref="Inputs"/> not <see cref="FrontInputs.None"/>), from <paramref name="generator"/>.
    /// </summary>
    public static KernelSet Draw(InitMethod method, KernelPrior? prior, int layer, int count, Generator generator) => method switch
    {
        InitMethod.Filters => DrawFilters(Require(prior, method).RequireBank("initialisation 'filters'"), layer, count, generator),
        InitMethod.Dwp => DrawDwp(Require(prior, method), layer, count, generator),
        InitMethod.Gaussian => LayerOf(Require(prior, method).RequireGaussians("initialisation 'gaussian'"), layer, "Gaussian list").Sample(count, generator),
        _ => throw new DwpException($"initialisation '{SpecName.Of(method)}' draws no kernels from a front"),
    };

    private static KernelPrior Require(KernelPrior? prior, InitMethod method)
        => prior ?? throw new DwpException($"initialisation '{SpecName.Of(method)}' needs {Inputs(method)} of a front");

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
