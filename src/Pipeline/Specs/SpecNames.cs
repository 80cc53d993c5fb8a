using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Vocabulary;

namespace DwpFarm.Pipeline.Specs;

/// <summary>
/// The lists of names a command line and the validator offer for the ML core's enums (each name and its parsing is
/// <see cref="SpecName"/>'s). A new initialiser or prior is a new enum value; its name is valid everywhere from then on.
/// </summary>
public static class SpecNames
{
    /// <summary>The <c>evaluation.meanInit</c> choice that picks per prior (see <see cref="WeightPriors.MeanInit"/>).</summary>
    public const string AutoMeanInit = "auto";

    /// <summary>The <c>evaluation.scaleTo</c> choice that keeps each initialiser's own scale.</summary>
    public const string OwnScale = "own";

    public static IReadOnlyList<string> Methods { get; } = SpecName.All(typeof(InitMethod));

    public static IReadOnlyList<string> Priors { get; } = SpecName.All(typeof(WeightPriorKind));

    /// <summary>Where the bayes-mode conv means start: the per-prior choice, or one the trainer can draw for every prior.</summary>
    public static IReadOnlyList<string> MeanInits { get; } = [AutoMeanInit, .. BayesOptions.MeanInits.Select(m => SpecName.Of(m))];

    /// <summary>The init-mode scale every arm is brought to: each its own, or one initialiser's.</summary>
    public static IReadOnlyList<string> ScaleTos { get; } = [OwnScale, .. Methods];
}
