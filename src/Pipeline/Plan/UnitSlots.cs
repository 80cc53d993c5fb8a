using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Plan;

/// <summary>
/// How many slots of one silo a unit holds together (<see cref="SlotsSpec"/>), and so its torch threads: the farm's
/// slot pool, the lab's scheduler and the runners all take the count from here.
/// </summary>
public static class UnitSlots
{
    /// <summary>The slots <paramref name="work"/> holds while it runs.</summary>
    public static int Of(UnitWork work)
    {
        var slots = work.Resources.Slots;
        return work switch
        {
            SourceRunWork => slots.Sources,
            BankWork => slots.Bank,
            VaeWork v => v.LayerIndex == 0 ? slots.Conv1 : slots.Conv2,
            EvaluationWork => slots.Evaluations,
            _ => 1,
        };
    }

    /// <summary>The torch intra-op threads <paramref name="work"/> asks for: its slots × the spec's threads per slot.</summary>
    public static int Threads(UnitWork work) => Of(work) * work.Resources.ThreadsPerSlot;

    /// <summary>Each kind's count as the spec names it (<c>resources.slots.conv2</c>), with the stage that runs it.</summary>
    public static IReadOnlyList<(string Field, string Stage, int Slots)> Fields(SlotsSpec slots) =>
    [
        ("resources.slots.sources", SweepStages.Sources, slots.Sources),
        ("resources.slots.bank", SweepStages.Bank, slots.Bank),
        ("resources.slots.conv1", SweepStages.Prior, slots.Conv1),
        ("resources.slots.conv2", SweepStages.Prior, slots.Conv2),
        ("resources.slots.evaluations", SweepStages.Evaluations, slots.Evaluations),
    ];

    /// <summary>The kind of unit that holds the most slots among the stages <paramref name="spec"/> runs.</summary>
    public static (string Field, int Slots) Largest(SweepSpec spec)
    {
        var largest = Fields(spec.Resources.Slots).Where(k => SweepStages.Runs(spec.StopAfter, k.Stage)).MaxBy(k => k.Slots);
        return (largest.Field, largest.Slots);
    }

    /// <summary>
    /// One line saying why <paramref name="spec"/> cannot run on <paramref name="slots"/> slots (a unit holds more),
    /// or null when every unit fits.
    /// </summary>
    public static string? TooLarge(SweepSpec spec, int slots, string where)
    {
        var (field, largest) = Largest(spec);
        return largest <= slots ? null : $"{field} asks for {largest} slots, but {where} has {slots}";
    }
}
