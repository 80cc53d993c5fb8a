using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Adam (PyTorch's update and defaults: β = (0.9, 0.999), ε = 1e-8, no weight decay) whose learning rate is either
/// constant or falls linearly from its initial value to 0 over a fixed number of steps. The rate is set from the
/// global step index alone, so a resumed run sees the same rates.
/// </summary>
/// <remarks>
/// Written here rather than taken from TorchSharp because TorchSharp's Adam passes unheld Scalars to libtorch on every
/// step (see <see cref="TorchScalars"/>); this one holds every Scalar until libtorch returns and computes the same
/// update with the same kernels in the same order.
/// </remarks>
public sealed class ScheduledAdam : IDisposable
{
    private const string Magic = "DWPADAM1";
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private static readonly Scalar Beta1Scalar = Beta1.ToScalar();
    private static readonly Scalar Beta2Scalar = Beta2.ToScalar();
    private static readonly Scalar OneMinusBeta1 = (1 - Beta1).ToScalar();
    private static readonly Scalar OneMinusBeta2 = (1 - Beta2).ToScalar();
    private static readonly Scalar EpsilonScalar = Epsilon.ToScalar();

    private readonly List<Parameter> _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly long[] _steps;
    private readonly double _learningRate;
    private readonly long? _decaySteps;
    private readonly long _decayEvery;

    /// <param name="parameters">What to optimise.</param>
    /// <param name="learningRate">The initial rate.</param>
    /// <param name="decaySteps">Steps over which the rate falls linearly to 0; null keeps it constant.</param>
    /// <param name="decayEvery">
    /// The rate changes only every this many steps (an epoch's steps for a per-epoch decay, as the DWP authors' sources
    /// had: their last epoch runs at 1/epochs of the initial rate); 1 decays it every step.
    /// </param>
    public ScheduledAdam(IEnumerable<Parameter> parameters, double learningRate, long? decaySteps, long decayEvery = 1)
    {
        _decayEvery = Math.Max(1, decayEvery);
        _parameters = parameters.ToList();
        _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _steps = new long[_parameters.Count];
        _learningRate = Math.Max(0, learningRate);
        _decaySteps = decaySteps is null ? null : Math.Max(1, decaySteps.Value);
    }

    /// <summary>Both moments of every parameter, made beside their parameters (so on the parameters' device).</summary>
    internal IEnumerable<Tensor> State => _firstMoments.Concat(_secondMoments);

    /// <summary>The rate used by step <paramref name="step"/> (0-based).</summary>
    public double RateAt(long step) => Rate(_learningRate, _decaySteps, _decayEvery, step);

    /// <summary>The rate of step <paramref name="step"/> (0-based) of a schedule with these settings (see the constructor).</summary>
    public static double Rate(double learningRate, long? decaySteps, long decayEvery, long step)
    {
        var rate = Math.Max(0, learningRate);
        if (decaySteps is not { } total)
        {
            return rate;
        }

        var every = Math.Max(1, decayEvery);
        return rate * Math.Max(0.0, 1.0 - ((double)(step / every * every) / Math.Max(1, total)));
    }

    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var parameter in _parameters)
        {
            parameter.grad?.zero_();
        }
    }

    /// <summary>Applies one update with the rate of global step <paramref name="step"/>.</summary>
    public void Step(long step)
    {
        var rate = RateAt(step);
        using var _ = no_grad();
        for (var i = 0; i < _parameters.Count; i++)
        {
            using var scope = NewDisposeScope();
            var grad = _parameters[i].grad;
            if (grad is null)
            {
                continue;
            }

            var t = ++_steps[i];
            var biasCorrection1 = 1 - Math.Pow(Beta1, t);
            var biasCorrection2 = 1 - Math.Pow(Beta2, t);
            _firstMoments[i].mul_(Beta1Scalar).add_(grad, OneMinusBeta1);
            _secondMoments[i].mul_(Beta2Scalar).addcmul_(grad, grad.conj(), OneMinusBeta2);
            using var correction = Math.Sqrt(biasCorrection2).ToScalar();
            var denominator = _secondMoments[i].sqrt().div(correction).add_(EpsilonScalar, TorchScalars.One);
            using var stepSize = (-(rate / biasCorrection1)).ToScalar();
            _parameters[i].addcdiv_(_firstMoments[i], denominator, stepSize);
        }
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(Magic);
        writer.Write(_parameters.Count);
        for (var i = 0; i < _parameters.Count; i++)
        {
            writer.Write(_steps[i]);
            Common.FloatArrays.Write(writer, TensorValues.Of(_firstMoments[i]));
            Common.FloatArrays.Write(writer, TensorValues.Of(_secondMoments[i]));
        }
    }

    public void Load(BinaryReader reader)
    {
        var magic = reader.ReadString();
        if (magic != Magic)
        {
            throw new InvalidDataException($"optimizer state '{magic}' is not {Magic} (made by an older build)");
        }

        var count = reader.ReadInt32();
        if (count != _parameters.Count)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"optimizer state for {count} parameters, the model has {_parameters.Count}"));
        }

        for (var i = 0; i < count; i++)
        {
            _steps[i] = reader.ReadInt64();
            TensorValues.ReadInto(reader, _firstMoments[i], $"the first moment of parameter {i}");
            TensorValues.ReadInto(reader, _secondMoments[i], $"the second moment of parameter {i}");
        }
    }

    public void Dispose()
    {
        foreach (var moment in _firstMoments.Concat(_secondMoments))
        {
            moment.Dispose();
        }
    }
}
