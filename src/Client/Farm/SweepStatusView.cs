using System.Globalization;
using DwpFarm.Grains.Interfaces.Sweeps;
using Spectre.Console;

namespace DwpFarm.Client.Farm;

/// <summary>How a sweep's status reads on a terminal.</summary>
public static class SweepStatusView
{
    public static Table Table(SweepStatus status)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(status.SweepId)}[/] ({Markup.Escape(status.Name)}): {PhaseMarkup(status.Phase)}")
            .AddColumns("phase", "done", "failed", "running", "samples/s", "ETA");
        foreach (var p in status.Phases)
        {
            table.AddRow(
                p.Phase.ToString(),
                $"{p.Completed}/{p.Total}",
                p.Failed == 0 ? "0" : $"[red]{p.Failed}[/]",
                Running(p),
                p.SamplesPerSecond > 0 ? p.SamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "-",
                Eta(p.Eta));
        }

        if (status.Message is { } message)
        {
            table.Caption(Markup.Escape(message));
        }

        return table;
    }

    /// <summary>One line per phase for logs and redirected output.</summary>
    public static string Line(SweepStatus status)
    {
        var current = status.Phases.FirstOrDefault(p => p.Phase == status.Phase);
        var detail = current is null ? string.Empty : string.Create(
            CultureInfo.InvariantCulture,
            $" {current.Completed}/{current.Total} done, {Running(current)} running, {current.SamplesPerSecond:N0} samples/s, ETA {Eta(current.Eta)}");
        return $"{status.SweepId}: {status.Phase}{detail}{(status.Message is null ? string.Empty : $" ({status.Message})")}";
    }

    public static string Describe(PhaseProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"{p.Phase,-11} {p.Completed,4}/{p.Total,-4} {(p.Failed > 0 ? $"[red]{p.Failed} failed[/] " : string.Empty)}{(p.SamplesPerSecond > 0 ? $"{p.SamplesPerSecond:N0} samples/s " : string.Empty)}{(p.Eta is { } eta ? $"ETA {Eta(eta)}" : string.Empty)}");

    public static string Eta(TimeSpan? eta) => eta is { } e ? (e.TotalHours >= 1 ? e.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : e.ToString(@"m\:ss", CultureInfo.InvariantCulture)) : "-";

    /// <summary>Running units, and the slots they hold when some hold several (<c>1 (2 slots)</c>).</summary>
    public static string Running(PhaseProgress p) => p.BusySlots > p.Running
        ? string.Create(CultureInfo.InvariantCulture, $"{p.Running} ({p.BusySlots} slots)")
        : p.Running.ToString(CultureInfo.InvariantCulture);

    private static string PhaseMarkup(SweepPhase phase) => phase switch
    {
        SweepPhase.Completed => "[green]completed[/]",
        SweepPhase.Failed => "[red]failed[/]",
        SweepPhase.Cancelled => "[yellow]cancelled[/]",
        _ => phase.ToString().ToLowerInvariant(),
    };
}
