using System.Text.Json;
using System.Text.Json.Serialization;

namespace DwpFarm.Vocabulary;

/// <summary>
/// Writes and reads a <see cref="SpecNameAttribute"/> enum as its <see cref="SpecName"/>. Options whose converters
/// include a catch-all enum converter put this one first: a converter in the options outranks the enum's attribute.
/// </summary>
public sealed class SpecNameJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum && typeToConvert.IsDefined(typeof(SpecNameAttribute), inherit: false);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) => For(typeToConvert);

    internal static JsonConverter For(Type enumType) => (JsonConverter)Activator.CreateInstance(typeof(Named<>).MakeGenericType(enumType))!;

    private sealed class Named<T> : JsonConverter<T>
        where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return SpecName.TryParse(typeof(T), name, out var value) ? (T)value : throw new JsonException(SpecName.Unknown(typeof(T), name));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(SpecName.Of(value));
    }
}
