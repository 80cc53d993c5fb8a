using DwpFarm.Dwp.Torch;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Evaluation;

/// <summary>Classification accuracy of a model on resident tensors, under eval() and no_grad().</summary>
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
            long correct = 0;
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(batchSize, data.Count - start);
                var logits = model.call(data.Images.narrow(0, start, length));
                correct += logits.argmax(1).eq(data.Labels.narrow(0, start, length)).sum().item<long>();
            }

            return (double)correct / data.Count;
        }
        finally
        {
            model.train();
        }
    }
}
