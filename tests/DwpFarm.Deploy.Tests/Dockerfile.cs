using System.Text.RegularExpressions;

namespace DwpFarm.Deploy.Tests;

/// <summary>One instruction of a Dockerfile, continuation lines joined.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments);

/// <summary>A build stage: its base image (global ARGs substituted), name and instructions.</summary>
internal sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<string> Arguments(string keyword) =>
        Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
}

/// <summary>Just enough of the Dockerfile syntax to check stages, users, arguments and copies.</summary>
internal static partial class Dockerfile
{
    public static IReadOnlyList<DockerStage> Parse(string text)
    {
        var globals = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        string? image = null;
        string? name = null;
        foreach (var instruction in Instructions(text))
        {
            if (instruction.Keyword == "FROM")
            {
                Close();
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
                image = Variable().Replace(parts[0], m => globals.TryGetValue(m.Groups["name"].Value, out var v) ? v : m.Value);
                name = parts.Count == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
                current = [];
            }
            else if (current is null)
            {
                Assert.Equal("ARG", instruction.Keyword);
                var (argName, value) = SplitArg(instruction.Arguments);
                globals[argName] = value ?? string.Empty;
            }
            else
            {
                current.Add(instruction);
            }
        }

        Close();
        return stages;

        void Close()
        {
            if (current is not null)
            {
                stages.Add(new DockerStage(image!, name, current));
            }
        }
    }

    public static (string Name, string? Default) SplitArg(string arguments)
    {
        var equals = arguments.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (arguments.Trim(), null) : (arguments[..equals].Trim(), arguments[(equals + 1)..].Trim());
    }

    private static IEnumerable<DockerInstruction> Instructions(string text)
    {
        var pending = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = string.Empty;
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            yield return new DockerInstruction(full[..space].ToUpperInvariant(), full[(space + 1)..].Trim());
        }
    }

    [GeneratedRegex("""\$\{?(?<name>\w+)\}?""")]
    private static partial Regex Variable();
}
