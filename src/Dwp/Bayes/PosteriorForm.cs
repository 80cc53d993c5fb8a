namespace DwpFarm.Dwp.Bayes;

/// <summary>How a <see cref="BayesConv2d"/> parameterises the variance of its Gaussian posterior over each weight.</summary>
public enum PosteriorForm
{
    /// <summary>σ² free: the layer learns log σ², starting at −10.</summary>
    Additive,

    /// <summary>
    /// σ² = α·μ² with α = sigmoid(a) ∈ (0, 1): the layer learns a, starting at −2 (α ≈ 0.12), as in the authors'
    /// log-uniform runs. The log-uniform KL depends on α alone, so it pulls no mean toward 0.
    /// </summary>
    Multiplicative,
}
