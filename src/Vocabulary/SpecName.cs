using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace DwpFarm.Vocabulary;

/// <summary>
/// The name of an enum value in specs, on command lines, in reports and JSON: the member's name in lower case
/// (<c>LogUniform</c> is <c>loguniform</c>). Numbers and other spellings are not names.
/// </summary>
public static class SpecName
{
    public static string Of(Enum value) => value.ToString().ToLowerInvariant();

    public static IReadOnlyList<string> All(Type enumType) => [.. Enum.GetValues(enumType).Cast<Enum>().Select(Of)];

    public static bool TryParse(Type enumType, string? name, [NotNullWhen(true)] out Enum? value)
    {
        value = Enum.GetValues(enumType).Cast<Enum>().FirstOrDefault(v => string.Equals(Of(v), name, StringComparison.Ordinal));
        return value is not null;
    }

    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum
    {
        var ok = TryParse(typeof(T), name, out var parsed);
        value = ok ? (T)parsed! : default;
        return ok;
    }

    /// <summary>The value of a name the validator has accepted.</summary>
    public static T Parse<T>(string name)
        where T : struct, Enum
        => TryParse<T>(name, out var value) ? value : throw new ArgumentException(Unknown(typeof(T), name), nameof(name));

    /// <summary>Why a name is refused, listing the valid ones: <c>unknown prior 'laplace' (expected one of dwp, sn, …)</c>.</summary>
    public static string Unknown(Type enumType, string? name) =>
        $"unknown {enumType.GetCustomAttribute<SpecNameAttribute>()?.Noun ?? enumType.Name} '{name}' (expected {Expected(enumType)})";

    /// <summary>The valid names as a message lists them: <c>step or epoch</c>, <c>one of dwp, sn, loguniform, gaussian</c>.</summary>
    public static string Expected(Type enumType)
    {
        var names = All(enumType);
        return names.Count == 2 ? $"{names[0]} or {names[1]}" : $"one of {string.Join(", ", names)}";
    }
}
