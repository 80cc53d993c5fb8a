using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Training;

/// <summary>One optimisation step of an <see cref="FConvMnist"/> on a batch taken from resident tensors.</summary>
internal static class ClassifierStep
{
    /// <summary>
    /// Forward, loss (mean cross-entropy + <paramref name="convL2"/>·Σw² over conv weights), backward and
    /// update, inside one dispose scope. Returns the loss and the number of correct predictions.
    /// A non-finite loss throws <see cref="NonFiniteLossException"/> (naming <paramref name="stage"/>, the 1-based step and
    /// <paramref name="where"/>) before the update, so NaN never reaches the weights.
    /// </summary>
    public static (double Loss, long Correct) Run(
        FConvMnist model, ScheduledAdam optimizer, long step, ImageTensors data, Tensor batchIndices, double convL2, string stage, Func<string>? where = null)
    {
        using var scope = NewDisposeScope();
        var x = data.Images.index_select(0, batchIndices);
        var y = data.Labels.index_select(0, batchIndices);
        optimizer.ZeroGrad();
        var logits = model.call(x);
        var loss = nn.functional.cross_entropy(logits, y);
        if (convL2 > 0)
        {
            foreach (var w in model.ConvWeights)
            {
                loss = loss.Plus(w.Squared().sum().Times(convL2));
            }
        }

        var value = loss.item<float>();
        if (!float.IsFinite(value))
        {
            throw new NonFiniteLossException(stage, LossTerm.Data, "the data term (cross-entropy)", step + 1, value, where?.Invoke() ?? "");
        }

        loss.backward();
        optimizer.Step(step);
        var correct = logits.argmax(1).eq(y).sum().item<long>();
        return (value, correct);
    }
}
