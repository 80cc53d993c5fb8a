using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Vocabulary;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DwpFarm.Client.Specs;

/// <summary>
/// Reads a sweep spec from YAML into <see cref="SweepSpec"/>. Every problem is collected
/// with its field path: syntax errors, unknown fields, wrong types, then the
/// <see cref="SweepSpecValidator"/> rules. Omitted fields keep their defaults.
/// </summary>
public static class SweepSpecReader
{
    public static (SweepSpec? Spec, IReadOnlyList<SpecError> Errors) Read(string yaml, ISpecEnvironment? environment = null)
    {
        if (SweepSpecValidator.SizeProblem(Encoding.UTF8.GetByteCount(yaml)) is { } tooLarge)
        {
            return (null, [new SpecError("(root)", tooLarge)]);
        }

        var errors = new List<SpecError>();
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            return (null, [new SpecError($"line {ex.Start.Line}, column {ex.Start.Column}", $"YAML syntax error: {FirstLine(ex.Message)}")]);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (null, [new SpecError("(root)", "must be one YAML mapping of the sections name, source, bank, prior, evaluation and resources")]);
        }

        // Fields that failed to bind keep their (valid) defaults, so the rules below report
        // only real problems, and the user sees both kinds in one go.
        var spec = (SweepSpec)Bind(typeof(SweepSpec), root, string.Empty, errors)!;
        errors.AddRange(SweepSpecValidator.Validate(spec, errors.Count == 0 ? environment : null));
        return errors.Count > 0 ? (null, errors) : (spec, []);
    }

    public static (SweepSpec? Spec, IReadOnlyList<SpecError> Errors) ReadFile(string path, ISpecEnvironment? environment = null)
    {
        if (!File.Exists(path))
        {
            return (null, [new SpecError(path, "file not found")]);
        }

        return TooLargeFile(path) is { } tooLarge ? (null, [tooLarge]) : Read(File.ReadAllText(path), environment);
    }

    /// <summary>
    /// A valid spec and its text exactly as read (stored with the sweep), from one read of the
    /// file; otherwise a <see cref="SpecRejectedException"/> listing every problem.
    /// </summary>
    public static async Task<(SweepSpec Spec, string Text)> LoadAsync(string path, ISpecEnvironment environment, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new SpecRejectedException(path, [new SpecError(path, "file not found")]);
        }

        // Checked before reading: a spec padded with megabytes would be stored with the sweep and slow every grain turn.
        if (TooLargeFile(path) is { } tooLarge)
        {
            throw new SpecRejectedException(path, [tooLarge]);
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var (spec, errors) = Read(text, environment);
        return spec is null ? throw new SpecRejectedException(path, errors) : (spec, text);
    }

    private static object? Bind(Type type, YamlNode node, string path, List<SpecError> errors, object? defaults = null)
    {
        var display = path.Length == 0 ? "(root)" : path;
        if (type == typeof(string))
        {
            return Scalar(node, display, errors, "a string", s => (true, s));
        }

        if (type == typeof(int))
        {
            return Scalar(node, display, errors, "a whole number", s => (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v), v));
        }

        if (type == typeof(double))
        {
            var number = Scalar(node, display, errors, "a number", s => (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v), v));
            if (number is double d && !double.IsFinite(d))
            {
                // .NET reads 1e400 as infinity; no field of a spec means anything unbounded.
                errors.Add(new SpecError(display, $"must be a finite number, not '{((YamlScalarNode)node).Value}'"));
                return null;
            }

            return number;
        }

        if (type.IsEnum)
        {
            if (node is YamlScalarNode { Value: { } name })
            {
                if (SpecName.TryParse(type, name, out var value))
                {
                    return value;
                }

                errors.Add(new SpecError(display, SpecName.Unknown(type, name)));
                return null;
            }

            errors.Add(new SpecError(display, $"must be {SpecName.Expected(type)}"));
            return null;
        }

        if (type == typeof(bool))
        {
            return Scalar(node, display, errors, "true or false", s => s switch { "true" => (true, true), "false" => (true, false), _ => (false, false) });
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            if (node is not YamlSequenceNode sequence)
            {
                errors.Add(new SpecError(display, "must be a list"));
                return null;
            }

            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            var bound = errors.Count;
            var i = 0;
            foreach (var item in sequence.Children)
            {
                // An item that failed to bind is already reported; a null cannot go into a list of numbers.
                if (Bind(element, item, $"{path}[{i++}]", errors) is { } value)
                {
                    list.Add(value);
                }
            }

            // A list short of a failed item keeps the default, like any field that failed, so the rules do not report it again.
            return errors.Count == bound ? list : null;
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Add(new SpecError(display, "must be a mapping of fields"));
            return null;
        }

        // A section starts from its default in the enclosing record (prior.conv2's is not a fresh VaeSpec's), so a field
        // left out keeps the value the spec gives it.
        var instance = defaults is null ? Activator.CreateInstance(type)! : type.GetMethod("<Clone>$")!.Invoke(defaults, null)!;
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => CamelCase(p.Name), StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                errors.Add(new SpecError(display, $"has a field name that is not a plain word (a {Describe(keyNode)} at line {keyNode.Start.Line}, column {keyNode.Start.Column})"));
                continue;
            }

            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (!properties.TryGetValue(key, out var property))
            {
                var known = string.Join(", ", properties.Keys.Order(StringComparer.Ordinal));
                errors.Add(new SpecError(childPath, $"unknown field (known fields: {known})"));
                continue;
            }

            if (valueNode is YamlScalarNode { Value: null or "" or "~" or "null" } && IsNullable(property))
            {
                property.SetValue(instance, null);
                continue;
            }

            var value = Bind(property.PropertyType, valueNode, childPath, errors, property.GetValue(instance));
            if (value is not null)
            {
                property.SetValue(instance, value);
            }
        }

        return instance;
    }

    private static object? Scalar<T>(YamlNode node, string path, List<SpecError> errors, string expected, Func<string, (bool Ok, T Value)> parse)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            var (ok, value) = parse(text);
            if (ok)
            {
                return value;
            }

            errors.Add(new SpecError(path, $"must be {expected}, not '{text}'"));
            return null;
        }

        errors.Add(new SpecError(path, $"must be {expected}"));
        return null;
    }

    private static SpecError? TooLargeFile(string path) =>
        SweepSpecValidator.SizeProblem(new FileInfo(path).Length) is { } tooLarge ? new SpecError(path, tooLarge) : null;

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "empty name",
    };

    private static bool IsNullable(PropertyInfo property) =>
        new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
