using DwpFarm.Client.Farm;
using DwpFarm.Grains.Interfaces.Sweeps;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace DwpFarm.Farm.Tests;

/// <summary>Without a terminal the watcher prints changes at once and otherwise at most one line every ten seconds.</summary>
public sealed class SweepWatcherTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly StringWriter _output = new();

    [Fact]
    public async Task Half_second_statuses_without_changes_print_one_line_per_ten_seconds()
    {
        // 250 s of a phase whose counts stand still, a status every half second: 500 statuses.
        var statuses = Enumerable.Range(0, 500).Select(i => (TimeSpan.FromSeconds(0.5), Status(SweepPhase.Prior, completed: 1, fraction: i / 500.0)));

        await Watcher().LogAsync(Stream(statuses), CancellationToken.None);

        // At 0 s, then at 10 s, 20 s, …, 240 s: 25 lines, the first at the first status.
        Assert.Equal(25, Lines().Length);
    }

    [Fact]
    public async Task A_change_of_phase_counts_or_message_prints_at_once()
    {
        var half = TimeSpan.FromSeconds(0.5);
        var last = await Watcher().LogAsync(Stream(
        [
            (half, Status(SweepPhase.Evaluations, completed: 0)),
            (half, Status(SweepPhase.Evaluations, completed: 0)),
            (half, Status(SweepPhase.Evaluations, completed: 1)),
            (half, Status(SweepPhase.Evaluations, completed: 1, failed: 1)),
            (half, Status(SweepPhase.Evaluations, completed: 1, failed: 1)),
            (half, Status(SweepPhase.Completed, completed: 1, failed: 1) with { Message = "1 evaluation failed" }),
        ]), CancellationToken.None);

        var lines = Lines();
        Assert.Equal(4, lines.Length);
        Assert.Contains(" 0/4 done", lines[0], StringComparison.Ordinal);
        Assert.Contains(" 1/4 done", lines[1], StringComparison.Ordinal);
        Assert.Contains("(1 evaluation failed)", lines[3], StringComparison.Ordinal);
        Assert.Equal(SweepPhase.Completed, last!.Phase);
    }

    [Fact]
    public async Task An_empty_stream_prints_nothing_and_returns_no_status()
    {
        Assert.Null(await Watcher().LogAsync(Stream([]), CancellationToken.None));
        Assert.Empty(Lines());
    }

    public void Dispose() => _output.Dispose();

    private SweepWatcher Watcher() => new(
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_output), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No }),
        _time);

    private string[] Lines() => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The statuses, the fake clock moved on by each one's delay before it is handed out.</summary>
    private async IAsyncEnumerable<SweepStatus> Stream(IEnumerable<(TimeSpan Delay, SweepStatus Status)> statuses)
    {
        var first = true;
        foreach (var (delay, status) in statuses)
        {
            if (!first)
            {
                _time.Advance(delay);
            }

            first = false;
            await Task.Yield();
            yield return status;
        }
    }

    private static SweepStatus Status(SweepPhase phase, int completed, int failed = 0, double fraction = 0) => new()
    {
        SweepId = "watch-1",
        Name = "watch",
        Phase = phase,
        Phases = [new PhaseProgress { Phase = phase is SweepPhase.Completed ? SweepPhase.Evaluations : phase, Total = 4, Completed = completed, Failed = failed, Running = 1, Fraction = fraction }],
    };
}
