namespace DwpFarm.Dwp.Training;

/// <summary>
/// Tells a non-finite loss that is a result from one that is a defect. Every run is a function of its inputs and seed,
/// so a NaN that the same run reproduces belongs to the settings (a diverging learning rate, say) and fails the unit
/// for good; a NaN that a rerun does not reproduce comes from nondeterminism (a race, a lifetime bug) and is reported
/// as such, so that it is fixed rather than recorded.
/// </summary>
public static class NonFiniteRerun
{
    /// <param name="unit">Names the run in the error, e.g. the unit id.</param>
    /// <param name="work">The run; called a second time, with the same inputs, only after a non-finite loss.</param>
    public static T Run<T>(string unit, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (NonFiniteLossException first)
        {
            string outcome;
            try
            {
                work();
                outcome = "finished";
            }
            catch (NonFiniteLossException second) when (second.Term == first.Term && second.Step == first.Step)
            {
                throw first.AsReproduced(unit);
            }
            catch (Exception other) when (other is not OperationCanceledException)
            {
                outcome = $"stopped otherwise ({other.Message})";
            }

            throw new NondeterministicRunException(
                $"{unit}: {first.Message}, but a rerun with the same seed {outcome}: the run is not deterministic, a defect to report, not a result",
                first);
        }
    }
}
