namespace DwpFarm.Dwp.Vae;

/// <summary>
/// Which of a VAE's starts to keep: one that passes the quality gates beats one that misses them, and among those
/// alike the best held-out ELBO wins. One start that collapses, or that buys a little ELBO with samples too alike,
/// then does not fail the prior while another start passes.
/// </summary>
public static class RestartChoice
{
    /// <summary>
    /// Whether <paramref name="candidate"/> should replace <paramref name="incumbent"/>. Strictly better only: the
    /// earlier start wins a tie, so the choice does not depend on the order of float noise.
    /// </summary>
    public static bool Better(PriorQuality candidate, PriorQuality incumbent, PriorGates gates)
    {
        var (passes, passed) = (candidate.Failures(gates).Count == 0, incumbent.Failures(gates).Count == 0);
        return passes != passed ? passes : Score(candidate) > Score(incumbent);
    }

    // A start whose ELBO came out NaN is the worst, not incomparable.
    private static double Score(PriorQuality quality) => double.IsNaN(quality.TestElbo) ? double.NegativeInfinity : quality.TestElbo;
}
