using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Vocabulary;

namespace DwpFarm.Pipeline.Specs;

/// <summary>
/// The names a spec, a command line and a report use for the ML core's enums: the value's name in lower case
/// (<see cref="SpecName"/>). A new initialiser or prior is a new enum value; its name is valid everywhere from then on.
/// </summary>
public static class SpecNames
{
    /// <summary>The <c>evaluation.meanInit</c> choice that picks per prior (see <see cref="WeightPriors.MeanInit"/>).</summary>
    public const string AutoMeanInit = "auto";

    public static IReadOnlyList<string> Methods { get; } = SpecName.All(typeof(InitMethod));

    public static IReadOnlyList<string> Priors { get; } = SpecName.All(typeof(WeightPriorKind));

    /// <summary>Where the bayes-mode conv means start: the per-prior choice, or one the trainer can draw for every prior.</summary>
    public static IReadOnlyList<string> MeanInits { get; } = [AutoMeanInit, .. BayesOptions.MeanInits.Select(Name)];

    public static string Name<T>(T value)
        where T : struct, Enum => SpecName.Of(value);

    /// <summary>Exactly one of the lower-case names; numbers and other spellings are not names.</summary>
    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum
    {
        var ok = SpecName.TryParse(typeof(T), name, out var parsed);
        value = ok ? (T)parsed! : default;
        return ok;
    }

    /// <summary>The value of a name the validator has accepted.</summary>
    public static T Parse<T>(string name)
        where T : struct, Enum
        => TryParse<T>(name, out var value) ? value : throw new ArgumentException(SpecName.Unknown(typeof(T), name), nameof(name));
}
