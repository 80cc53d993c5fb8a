namespace DwpFarm.Dwp.Bayes;

/// <summary>A prior's per-layer model (a VAE, a Gaussian) for a Bayesian conv layer, refused clearly when it is missing or fits other kernels.</summary>
internal static class PriorLayers
{
    /// <param name="models">The prior's models, one per conv layer.</param>
    /// <param name="layerIndex">The conv layer's 0-based index.</param>
    /// <param name="layer">The layer whose kernels the model must fit.</param>
    /// <param name="kernelSize">The side of the kernels a model fits.</param>
    /// <param name="prior">The prior's name in errors ("deep weight prior").</param>
    /// <param name="model">The model's name in errors ("VAE").</param>
    public static T For<T>(IReadOnlyList<T> models, int layerIndex, BayesConv2d layer, Func<T, int> kernelSize, string prior, string model)
    {
        if (layerIndex >= models.Count)
        {
            throw new DwpException($"{prior}: no {model} for conv layer {layerIndex + 1} (have {models.Count})");
        }

        var found = models[layerIndex];
        var k = kernelSize(found);
        return k == layer.KernelSize
            ? found
            : throw new DwpException($"{prior}: the {model} of conv layer {layerIndex + 1} models {k}×{k} kernels, the layer has {layer.KernelSize}×{layer.KernelSize}");
    }
}
