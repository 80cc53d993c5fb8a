namespace DwpFarm.Dwp.Training;

/// <summary>The part of an objective that stopped a run by turning NaN or infinite.</summary>
public enum LossTerm
{
    /// <summary>The data term: the classifier's cross-entropy (plus its conv L2, in source runs).</summary>
    Data,

    /// <summary>A weight prior's KL term in bayes mode.</summary>
    Kl,

    /// <summary>A kernel VAE's −ELBO.</summary>
    Vae,
}
