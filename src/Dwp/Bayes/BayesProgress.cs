namespace DwpFarm.Dwp.Bayes;

/// <summary>Where a bayes-mode run is: steps done, and the last step's data term and KL (nats).</summary>
public sealed record BayesProgress(int Step, int Steps, double Nll, double Kl)
{
    /// <summary>Progress is reported every this many steps, and at the last.</summary>
    public const int Every = 50;
}
