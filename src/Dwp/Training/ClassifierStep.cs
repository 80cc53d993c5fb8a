using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Training;

/// <summary>One optimisation step of an <see cref="FConvMnist"/> on a batch taken from resident tensors.</summary>
internal static class ClassifierStep
{
    /// <summary>
    /// Forward, loss (mean cross-entropy + <paramref name="l2"/>·Σp² over <paramref name="penalised"/>), backward and update, inside
    /// one dispose scope, all on the data's device. The step's loss and number of correct predictions stay there, in
    /// <paramref name="values"/>, until <see cref="Read"/> takes them.
    /// </summary>
    public static void Run(FConvMnist model, ScheduledAdam optimizer, long step, ImageTensors data, Tensor batchIndices, IReadOnlyList<Tensor> penalised, double l2, StepValues values)
    {
        using var scope = NewDisposeScope();
        var x = data.Images.index_select(0, batchIndices);
        var y = data.Labels.index_select(0, batchIndices);
        optimizer.ZeroGrad();
        var logits = model.call(x);
        var loss = nn.functional.cross_entropy(logits, y);
        if (l2 > 0)
        {
            foreach (var p in penalised)
            {
                loss = loss.Plus(p.Squared().sum().Times(l2));
            }
        }

        // Counted before the update, from the logits the loss was taken on; exact in float32 below 2^24.
        var correct = logits.argmax(1).eq(y).sum().to_type(ScalarType.Float32);
        values.Add(step, stack([loss.detach(), correct]));
        loss.backward();
        optimizer.Step(step);
    }

    /// <summary>
    /// Adds the pending steps' losses and correct predictions to <paramref name="lossSum"/> and <paramref name="correct"/>,
    /// one step after another as a read per step did. A non-finite loss throws <see cref="NonFiniteLossException"/> naming
    /// <paramref name="stage"/>, the first such step (1-based) and <paramref name="where"/> of its 0-based index.
    /// </summary>
    public static void Read(StepValues values, string stage, ref double lossSum, ref long correct, Func<long, string>? where = null)
    {
        foreach (var (step, v) in values.Read())
        {
            if (!float.IsFinite(v[0]))
            {
                throw new NonFiniteLossException(stage, LossTerm.Data, "the data term (cross-entropy)", step + 1, v[0], where?.Invoke(step) ?? "");
            }

            lossSum += v[0];
            correct += (long)v[1];
        }
    }
}
