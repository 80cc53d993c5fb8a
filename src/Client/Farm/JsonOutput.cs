using System.Text.Json;
using System.Text.Json.Serialization;
using DwpFarm.Vocabulary;

namespace DwpFarm.Client.Farm;

/// <summary>One serializer setting for every machine-readable output of the CLI.</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // The spec's enums first: the catch-all would write camelCase (logUniform), not the names specs use (loguniform).
        Converters = { new SpecNameJsonConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    /// <summary>Writes one JSON object as the last stdout line, undecorated.</summary>
    public static void WriteLine<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
