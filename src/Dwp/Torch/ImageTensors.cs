using DwpFarm.Dwp.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// An <see cref="ImageSet"/> copied to tensors once per run: images as float32 [N,1,28,28] in [0,1]
/// (not normalised, as the method prescribes) and labels as int64 [N]. Batches are taken with
/// <c>index_select</c> on these resident tensors, so the inner loop makes no host↔tensor copies.
/// </summary>
public sealed class ImageTensors : IDisposable
{
    public ImageTensors(ImageSet set, Device? device = null)
    {
        var pixels = new float[set.Images.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = set.Images[i] / 255f;
        }

        var labels = new long[set.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = set.Labels[i];
        }

        device ??= CPU;
        Images = tensor(pixels, [set.Count, 1, ImageSet.Side, ImageSet.Side], device: device);
        Labels = tensor(labels, [set.Count], device: device);
        Count = set.Count;
    }

    public Tensor Images { get; }

    public Tensor Labels { get; }

    public int Count { get; }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
