namespace DwpFarm.Dwp.Training;

/// <summary>
/// A run stopped because a term of its objective became NaN or infinite, before the update that would have put it
/// into the weights. Whether that is a result or a defect depends on whether it reproduces (<see cref="NonFiniteRerun"/>).
/// </summary>
public sealed class NonFiniteLossException : DwpException
{
    /// <param name="stage">What was training, as the message starts ("bayes", "kernel VAE", "source training").</param>
    /// <param name="term">Which term failed.</param>
    /// <param name="termName">That term as the message names it ("the sn KL term").</param>
    /// <param name="step">The 1-based optimiser step.</param>
    /// <param name="value">The non-finite value.</param>
    /// <param name="detail">Where else it sits (the epoch) or the other terms' values; may be empty.</param>
    public NonFiniteLossException(string stage, LossTerm term, string termName, long step, float value, string detail = "")
        : base($"{stage}: {termName} became {(float.IsNaN(value) ? "NaN" : "infinite")} at step {step}{(detail.Length > 0 ? $" ({detail})" : "")}")
    {
        Term = term;
        Step = step;
    }

    private NonFiniteLossException(NonFiniteLossException first, string message)
        : base(message, first)
    {
        Term = first.Term;
        Step = first.Step;
        Reproduced = true;
    }

    public LossTerm Term { get; }

    public long Step { get; }

    /// <summary>A rerun with the same inputs and seed stopped at the same step on the same term.</summary>
    public bool Reproduced { get; }

    internal NonFiniteLossException AsReproduced(string unit)
        => new(this, $"{unit}: {Message}; a rerun with the same seed reproduces it");
}
