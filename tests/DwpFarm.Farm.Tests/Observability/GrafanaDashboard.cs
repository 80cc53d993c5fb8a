using System.Text.Json;
using System.Text.RegularExpressions;

namespace DwpFarm.Farm.Tests.Observability;

/// <summary>One query of a dashboard panel.</summary>
internal sealed record PanelQuery(string Panel, string RefId, string Expression);

/// <summary>A query template variable: <c>label_values(metric, label)</c>.</summary>
internal sealed record LabelVariable(string Name, string Metric, string Label);

/// <summary>
/// Reads deploy/grafana/dwpfarm-dashboard.json: the panels' PromQL queries, the template
/// variables, and the metric names a query selects.
/// </summary>
internal sealed partial class GrafanaDashboard
{
    private static readonly HashSet<string> Keywords = ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless", "atan2", "inf", "nan"];

    private GrafanaDashboard(IReadOnlyList<PanelQuery> queries, IReadOnlyList<LabelVariable> variables)
    {
        Queries = queries;
        Variables = variables;
    }

    public static string FilePath => Path.Combine(RepoRoot.Path, "deploy", "grafana", "dwpfarm-dashboard.json");

    public IReadOnlyList<PanelQuery> Queries { get; }

    public IReadOnlyList<LabelVariable> Variables { get; }

    public static GrafanaDashboard Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(FilePath));
        var queries = new List<PanelQuery>();
        foreach (var panel in Panels(json.RootElement.GetProperty("panels")))
        {
            var title = panel.GetProperty("title").GetString()!;
            if (panel.GetProperty("type").GetString() == "row")
            {
                continue;
            }

            var targets = panel.TryGetProperty("targets", out var t) ? t.EnumerateArray().ToList() : [];
            if (targets.Count == 0)
            {
                throw new Xunit.Sdk.XunitException($"panel '{title}' has no query");
            }

            queries.AddRange(targets.Select(target => new PanelQuery(title, target.GetProperty("refId").GetString()!, target.GetProperty("expr").GetString()!)));
        }

        var variables = new List<LabelVariable>();
        foreach (var variable in json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() != "query")
            {
                continue;
            }

            var name = variable.GetProperty("name").GetString()!;
            var definition = variable.GetProperty("definition").GetString()!;
            var match = LabelValues().Match(definition);
            if (!match.Success)
            {
                throw new Xunit.Sdk.XunitException($"variable '{name}' is not label_values(metric, label): {definition}");
            }

            variables.Add(new LabelVariable(name, match.Groups["metric"].Value, match.Groups["label"].Value));
        }

        return new GrafanaDashboard(queries, variables);
    }

    /// <summary>
    /// The metric names a PromQL expression selects: string literals, label matchers, range
    /// brackets and grouping clauses are removed; what remains and is neither a function call
    /// nor a keyword names a metric.
    /// </summary>
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var text = StringLiteral().Replace(expression, "\"\"");
        text = LabelMatchers().Replace(text, "{}");
        text = RangeBrackets().Replace(text, string.Empty);
        text = Grouping().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Identifier().Matches(text))
        {
            var rest = text.AsSpan(m.Index + m.Length).TrimStart();
            if (!(rest.Length > 0 && rest[0] == '(') && !Keywords.Contains(m.Value))
            {
                names.Add(m.Value);
            }
        }

        return names;
    }

    /// <summary>Fills Grafana's variables in; every <c>$</c> must be accounted for.</summary>
    public static string Fill(string expression, IReadOnlyDictionary<string, string> values)
    {
        var filled = Variable().Replace(expression, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return values.TryGetValue(name, out var value)
                ? value
                : throw new Xunit.Sdk.XunitException($"no value for ${name} in: {expression}");
        });
        return filled;
    }

    private static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in Panels(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex("""label_values\(\s*(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*\)""")]
    private static partial Regex LabelValues();

    [GeneratedRegex("""(?:"(?:[^"\\]|\\.)*")|(?:'(?:[^'\\]|\\.)*')""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("""\{[^}]*\}""")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex("""\[[^\]]*\]""")]
    private static partial Regex RangeBrackets();

    [GeneratedRegex("""\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)""")]
    private static partial Regex Grouping();

    [GeneratedRegex("""(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*""")]
    private static partial Regex Identifier();

    [GeneratedRegex("""\$(?:\{(?<braced>\w+)\}|(?<plain>\w+))""")]
    private static partial Regex Variable();
}
