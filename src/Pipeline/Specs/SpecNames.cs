using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Training;

namespace DwpFarm.Pipeline.Specs;

/// <summary>
/// The names a spec, a command line and a report use for the ML core's enums: the value's name in lower case.
/// A new initialiser or prior is a new enum value; its name is valid everywhere from then on.
/// </summary>
public static class SpecNames
{
    /// <summary>The <c>evaluation.meanInit</c> choice that picks per prior (see <see cref="WeightPriors.MeanInit"/>).</summary>
    public const string AutoMeanInit = "auto";

    public static IReadOnlyList<string> Methods { get; } = NamesOf<InitMethod>();

    public static IReadOnlyList<string> Priors { get; } = NamesOf<WeightPriorKind>();

    public static IReadOnlyList<string> PruneRules { get; } = NamesOf<PruneRule>();

    public static IReadOnlyList<string> LrDecays { get; } = NamesOf<LearningRateDecay>();

    public static IReadOnlyList<string> PruneUnits { get; } = NamesOf<PruneUnit>();

    /// <summary>Where the bayes-mode conv means start: the per-prior choice, or one the trainer can draw for every prior.</summary>
    public static IReadOnlyList<string> MeanInits { get; } = [AutoMeanInit, .. BayesOptions.MeanInits.Select(Name)];

    public static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Exactly one of the lower-case names; numbers and other spellings are not names.</summary>
    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The value of a name the validator has accepted.</summary>
    public static T Parse<T>(string name)
        where T : struct, Enum
        => TryParse<T>(name, out var value) ? value : throw new ArgumentException($"unknown {typeof(T).Name} '{name}' (expected one of {string.Join(", ", NamesOf<T>())})", nameof(name));

    private static string[] NamesOf<T>()
        where T : struct, Enum => [.. Enum.GetValues<T>().Select(Name)];
}
