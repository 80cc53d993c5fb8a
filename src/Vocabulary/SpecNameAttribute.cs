using System.Text.Json.Serialization;

namespace DwpFarm.Vocabulary;

/// <summary>
/// Marks an enum whose values a spec, a command line or a report names in lower case (<see cref="SpecName"/>), and
/// says what one value is called in an error (<c>unknown prior 'laplace'</c>). It is also the enum's JSON converter,
/// so every JSON the farm writes (results, cache keys) holds the same names as the YAML.
/// </summary>
[AttributeUsage(AttributeTargets.Enum)]
public sealed class SpecNameAttribute(string noun) : JsonConverterAttribute
{
    /// <summary>What one value is, in an error message: <c>prior</c>, <c>method</c>.</summary>
    public string Noun { get; } = noun;

    public override JsonConverter? CreateConverter(Type typeToConvert) => SpecNameJsonConverter.For(typeToConvert);
}
