using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Vocabulary;

namespace DwpFarm.Client.Specs;

/// <summary>
/// A <see cref="SweepSpec"/> as YAML that <see cref="SweepSpecReader"/> reads back to the same spec: the lab
/// records the plan it ran in this form, so <c>dwpfarm sweep submit</c> can run it on the farm.
/// </summary>
public static class SweepSpecWriter
{
    public static string ToYaml(SweepSpec spec)
    {
        var yaml = new StringBuilder();
        Write(yaml, spec, indent: 0);
        return yaml.ToString();
    }

    private static void Write(StringBuilder yaml, object record, int indent)
    {
        // Settable properties are the spec's fields; computed ones (the grid's size) are not written.
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            var value = property.GetValue(record);
            if (value is null)
            {
                continue;
            }

            var key = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            yaml.Append(' ', indent).Append(key).Append(':');
            if (value is string or ValueType)
            {
                yaml.Append(' ').Append(Scalar(value)).Append('\n');
            }
            else if (value is IEnumerable items)
            {
                yaml.Append(" [").Append(string.Join(", ", items.Cast<object>().Select(Scalar))).Append("]\n");
            }
            else
            {
                yaml.Append('\n');
                Write(yaml, value, indent + 2);
            }
        }
    }

    private static string Scalar(object value) => value switch
    {
        string s => s.Length == 0 || s.Any(c => ":#[]{},&*!|>'\"%@`".Contains(c)) || s != s.Trim() ? $"'{s.Replace("'", "''", StringComparison.Ordinal)}'" : s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Enum e => SpecName.Of(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
