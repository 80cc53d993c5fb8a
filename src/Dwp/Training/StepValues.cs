using static TorchSharp.torch;

namespace DwpFarm.Dwp.Training;

/// <summary>
/// The few numbers each optimiser step yields (its loss, its terms, its correct predictions), kept on the run's device
/// and read on the host together, one copy every <see cref="ReadEvery"/> steps or when a report or result needs them. On
/// a GPU a read per step would wait for the device every step. A non-finite loss is therefore seen up to
/// <see cref="ReadEvery"/> steps late: the steps after it run on spoiled weights, but the run still stops naming the first
/// such step, before any progress, checkpoint or result is made from them.
/// </summary>
internal sealed class StepValues : IDisposable
{
    /// <summary>Steps between two reads; also <see cref="Bayes.BayesProgress.Every"/>, so bayes progress costs no extra read.</summary>
    public const int ReadEvery = 50;

    private readonly List<(long Step, Tensor Values)> _pending = [];

    public bool Due => _pending.Count >= ReadEvery;

    /// <summary>Keeps the 1-D float32 <paramref name="values"/> of 0-based step <paramref name="step"/> past the step's dispose scope.</summary>
    public void Add(long step, Tensor values) => _pending.Add((step, values.detach().DetachFromDisposeScope()));

    /// <summary>Every pending step's values in step order, read in one host copy; empty when none are pending.</summary>
    public IReadOnlyList<(long Step, float[] Values)> Read()
    {
        if (_pending.Count == 0)
        {
            return [];
        }

        float[] all;
        using (NewDisposeScope())
        {
            all = stack(_pending.Select(p => p.Values).ToArray()).cpu().data<float>().ToArray();
        }

        var width = all.Length / _pending.Count;
        var read = _pending.Select((p, i) => (p.Step, all[(i * width)..((i + 1) * width)])).ToList();
        Dispose();
        return read;
    }

    public void Dispose()
    {
        _pending.ForEach(p => p.Values.Dispose());
        _pending.Clear();
    }
}
