using DwpFarm.Dwp.Torch;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Evaluation;

/// <summary>
/// Classification accuracy of a model on resident tensors, under eval() and no_grad(). The per-batch counts stay on
/// the data's device and are read once.
/// </summary>
public static class Accuracy
{
    public static double Of(nn.Module<Tensor, Tensor> model, ImageTensors data, int batchSize = 1000)
    {
        if (data.Count == 0)
        {
            return 0;
        }

        model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var counts = new List<Tensor>();
            for (var start = 0; start < data.Count; start += batchSize)
            {
                var length = Math.Min(batchSize, data.Count - start);
                using var logits = model.call(data.Images.narrow(0, start, length));
                counts.Add(logits.argmax(1).eq(data.Labels.narrow(0, start, length)).sum());
            }

            return (double)stack(counts).sum().item<long>() / data.Count;
        }
        finally
        {
            model.train();
        }
    }
}
