using DwpFarm.Data.PyTorch;
using DwpFarm.Dwp;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;

namespace DwpFarm.Pipeline.Import;

/// <summary>
/// The authors' published prior in their folder layout (bayesgroup/deep-weight-prior, <c>data/fconv/</c>):
/// <c>vae7x7/vae_params.torch</c> and <c>vae5x5/vae_params.torch</c> (legacy PyTorch state dicts), and their kernel
/// banks <c>conv7x7/{train,test}.npy</c> and <c>conv5x5/{train,test}.npy</c> (float32, (n, 1, k, k)), of which a
/// missing train file leaves the layer's held-out kernels to stand for both. Owns the VAEs.
/// </summary>
public sealed class PublishedPrior : IDisposable
{
    private PublishedPrior(IReadOnlyList<PublishedLayer> layers) => Layers = layers;

    /// <summary>conv1 (7×7) then conv2 (5×5).</summary>
    public IReadOnlyList<PublishedLayer> Layers { get; }

    public static PublishedPrior Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DwpException($"{folder}: no such folder (expected the authors' data/fconv layout: vae7x7/, vae5x5/, conv7x7/, conv5x5/)");
        }

        var layers = new List<PublishedLayer>();
        try
        {
            foreach (var size in PublishedBank.KernelSizes)
            {
                var vae = LoadVae(folder, size);
                layers.Add(new PublishedLayer(size, vae, PublishedBank.Read(folder, size, "train"), PublishedBank.HeldOut(folder, size)));
            }
        }
        catch
        {
            layers.ForEach(l => l.Vae.Dispose());
            throw;
        }

        return new PublishedPrior(layers);
    }

    /// <summary>Only the VAE of <paramref name="kernelSize"/>×<paramref name="kernelSize"/> kernels, from <c>vae{k}x{k}/vae_params.torch</c>.</summary>
    public static KernelVae LoadVae(string folder, int kernelSize)
    {
        var weights = Path.Combine(folder, $"vae{kernelSize}x{kernelSize}", "vae_params.torch");
        return File.Exists(weights)
            ? KernelVaeImport.FromStateDict(kernelSize, [.. LegacyTorchFile.Read(weights).Select(t => (t.Name, t.Shape, t.Values))])
            : throw new DwpException($"{weights}: no such file (the authors' layout has vae7x7/ and vae5x5/)");
    }

    public void Dispose()
    {
        foreach (var layer in Layers)
        {
            layer.Vae.Dispose();
        }
    }
}

/// <summary>One layer of the published prior: its VAE, its bank's training kernels (when published) and held-out kernels.</summary>
public sealed record PublishedLayer(int KernelSize, KernelVae Vae, KernelSet? Train, KernelSet Test)
{
    /// <summary>The layer as a bank layer; without published training kernels, half the held-out ones stand in for them.</summary>
    public KernelBankLayer AsBankLayer(int index) => PublishedBank.Layer(index, Train, Test, $"conv{KernelSize}x{KernelSize}/test.npy");
}
