using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Statistics;

namespace DwpFarm.Farm.Tests.Reports;

/// <summary>A report's utilisation is its units' busy seconds over its slots' seconds from submission to the end.</summary>
public sealed class UtilisationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Busy_slot_seconds_over_slots_times_wall_time()
    {
        // 100 s on 2 slots: units busy 60 + 90 s of the 200 slot-seconds; a unit that never ran counts nothing.
        var report = Report(slots: 2, finishedAfter: 100, (0, 60), (10, 100), (null, null));

        Assert.Equal(0.75, Utilisation.Of(report)!.Value, 12);
    }

    [Fact]
    public void A_unit_counts_its_time_on_every_slot_it_held()
    {
        // 100 s on 4 slots: a unit of two slots busy 60 s and one of one slot 40 s: 160 of the 400 slot-seconds.
        var report = Report(slots: 4, finishedAfter: 100, (0, 60), (0, 40));
        report = report with { Units = [report.Units[0] with { Slots = 2 }, report.Units[1]] };

        Assert.Equal(0.4, Utilisation.Of(report)!.Value, 12);
    }

    [Fact]
    public void Unknown_while_running_or_without_a_slot_count()
    {
        Assert.Null(Utilisation.Of(Report(slots: 2, finishedAfter: null, (0, 60))));
        Assert.Null(Utilisation.Of(Report(slots: null, finishedAfter: 100, (0, 60))));
        Assert.Null(Utilisation.Of(Report(slots: 0, finishedAfter: 100, (0, 60))));
    }

    [Fact]
    public void Never_above_one_when_the_slots_were_counted_after_a_scale_down()
    {
        Assert.Equal(1, Utilisation.Of(Report(slots: 1, finishedAfter: 100, (0, 100), (0, 100)))!.Value);
    }

    private static SweepReport Report(int? slots, int? finishedAfter, params (int? Start, int? End)[] units) => new()
    {
        Status = new SweepStatus { SweepId = "s", Name = "s", SubmittedAt = T0, FinishedAt = finishedAfter is { } f ? T0.AddSeconds(f) : null },
        Spec = new SweepSpec { Name = "s" },
        SpecText = "",
        Slots = slots,
        Units =
        [
            .. units.Select((u, i) => new UnitSummary
            {
                UnitId = $"s/eval/{i}",
                Kind = "evaluation",
                StartedAt = u.Start is { } a ? T0.AddSeconds(a) : null,
                FinishedAt = u.End is { } b ? T0.AddSeconds(b) : null,
            }),
        ],
    };
}
