using Spectre.Console;

namespace DwpFarm.Client.Commands.Data;

/// <summary>Where the data commands report progress.</summary>
internal static class ProgressLog
{
    /// <summary>
    /// Grey lines on the console, or plain lines on stderr when stdout carries machine-readable
    /// output that progress must not mix with.
    /// </summary>
    public static Action<string> To(IAnsiConsole console, bool standardError) =>
        standardError
            ? message => Console.Error.WriteLine(message)
            : message => console.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
}
