using DwpFarm.Dwp.Common;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Training;

/// <summary>
/// Batches of indices into N examples, pass after pass: each pass is reshuffled from (seed, stream, pass) and
/// a short tail is skipped, so a run's batch order is fixed by its seed alone. Each pass's order is copied to the
/// data's device once.
/// </summary>
internal sealed class EpochBatches : IDisposable
{
    private readonly int _count;
    private readonly int _batchSize;
    private readonly long _seed;
    private readonly long _stream;
    private readonly Device _device;
    private int _pass = -1;
    private int _cursor;
    private Tensor? _order;

    public EpochBatches(int count, int batchSize, long seed, long stream, Device device)
    {
        _device = device;
        _count = count;
        _batchSize = batchSize;
        _seed = seed;
        _stream = stream;
        _cursor = count;
    }

    /// <summary>The next batch's indices, int64 [batch]; the caller disposes the view.</summary>
    public Tensor Next()
    {
        if (_cursor + _batchSize > _count)
        {
            _order?.Dispose();
            _pass++;
            _order = tensor(Seeds.Permutation(_count, Seeds.Random(_seed, _stream, _pass)).Select(i => (long)i).ToArray(), device: _device);
            _cursor = 0;
        }

        var indices = _order!.narrow(0, _cursor, _batchSize);
        _cursor += _batchSize;
        return indices;
    }

    public void Dispose() => _order?.Dispose();
}
