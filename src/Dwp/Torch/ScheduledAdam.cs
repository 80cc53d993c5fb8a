using TorchSharp.Modules;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Adam whose learning rate is either constant or falls linearly from its initial value to 0 over a fixed
/// number of steps. The rate is set from the global step index alone, so a resumed run sees the same rates.
/// </summary>
public sealed class ScheduledAdam : IDisposable
{
    private readonly Adam _adam;
    private readonly double _learningRate;
    private readonly long? _decaySteps;

    /// <param name="parameters">What to optimise.</param>
    /// <param name="learningRate">The initial rate.</param>
    /// <param name="decaySteps">Steps over which the rate falls linearly to 0; null keeps it constant.</param>
    public ScheduledAdam(IEnumerable<Parameter> parameters, double learningRate, long? decaySteps)
    {
        // PyTorch's defaults, spelled out: the torch.optim.Adam(...) factory of TorchSharp 0.107 defaults beta2 to 0.99.
        _adam = new Adam(parameters, lr: Math.Max(0, learningRate), beta1: 0.9, beta2: 0.999, eps: 1e-8);
        _learningRate = learningRate;
        _decaySteps = decaySteps is null ? null : Math.Max(1, decaySteps.Value);
    }

    /// <summary>The rate used by step <paramref name="step"/> (0-based).</summary>
    public double RateAt(long step)
        => _decaySteps is { } total ? _learningRate * Math.Max(0.0, 1.0 - ((double)step / total)) : _learningRate;

    public void ZeroGrad() => _adam.zero_grad();

    /// <summary>Applies one update with the rate of global step <paramref name="step"/>.</summary>
    public void Step(long step)
    {
        foreach (var group in _adam.ParamGroups)
        {
            group.LearningRate = RateAt(step);
        }

        _adam.step();
    }

    public void Save(BinaryWriter writer) => _adam.save_state_dict(writer);

    public void Load(BinaryReader reader) => _adam.load_state_dict(reader);

    public void Dispose() => _adam.Dispose();
}
