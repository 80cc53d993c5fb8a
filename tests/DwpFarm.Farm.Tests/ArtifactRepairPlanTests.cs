using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Grains.Sweeps;

namespace DwpFarm.Farm.Tests;

/// <summary>Which units a retry re-runs for the artifacts failed units could not read.</summary>
public sealed class ArtifactRepairPlanTests
{
    private static readonly ArtifactRef Model0 = Ref('0', "s/source/0000"), Model1 = Ref('1', "s/source/0001"), Bank = Ref('b', "s/bank");
    private static readonly ArtifactRef Conv1 = Ref('c', "s/vae/conv1"), Conv2 = Ref('d', "s/vae/conv2");

    [Fact]
    public void The_producer_and_everything_downstream_of_it_run_again_and_nothing_upstream_or_beside_it()
    {
        var units = Units(unreadable: ("s/eval/dwp/n100/s0", Conv1));

        var repair = ArtifactRepair.Plan(units);

        Assert.Equal(["s/vae/conv1"], repair.Producers);
        Assert.Equal(["s/eval/dwp/n100/s0", "s/eval/xavier/n100/s0"], repair.Downstream.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_source_model_reruns_the_whole_front_built_on_it()
    {
        var repair = ArtifactRepair.Plan(Units(unreadable: ("s/bank", Model1)));

        Assert.Equal(["s/source/0001"], repair.Producers);
        Assert.Equal(["s/bank", "s/eval/dwp/n100/s0", "s/eval/xavier/n100/s0", "s/vae/conv1", "s/vae/conv2"], repair.Downstream.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Identical_bytes_written_by_two_units_rerun_both_and_an_artifact_no_unit_wrote_reruns_nothing()
    {
        var same = Model1 with { Producer = "s/source/0000" };
        var units = Units(unreadable: ("s/bank", same)).Select(u => u.UnitId == "s/source/0000" ? u with { Artifacts = [same] } : u).ToList();

        Assert.Equal(["s/source/0000", "s/source/0001"], ArtifactRepair.Plan(units).Producers);
        Assert.Empty(ArtifactRepair.Plan(Units(unreadable: ("s/bank", Ref('x', null)))).Units);
    }

    private static ArtifactRef Ref(char hash, string? producer) => new(new string(hash, 64), "artifact", 1) { Producer = producer };

    /// <summary>A front of two sources, a bank, two VAEs and two evaluations, all completed but one.</summary>
    private static List<UnitSummary> Units((string UnitId, ArtifactRef Input) unreadable) =>
    [
        .. new (string Id, ArtifactRef[] Outputs, ArtifactRef[] Inputs)[]
        {
            ("s/source/0000", [Model0], []),
            ("s/source/0001", [Model1], []),
            ("s/bank", [Bank], [Model0, Model1]),
            ("s/vae/conv1", [Conv1], [Bank]),
            ("s/vae/conv2", [Conv2], [Bank]),
            ("s/eval/dwp/n100/s0", [], [Bank, Conv1, Conv2]),
            ("s/eval/xavier/n100/s0", [], [Bank, Conv1, Conv2]),
        }.Select(u => new UnitSummary
        {
            UnitId = u.Id,
            Kind = UnitIds.KindOf(u.Id),
            Status = u.Id == unreadable.UnitId ? UnitStatus.Failed : UnitStatus.Completed,
            Artifacts = u.Outputs,
            Inputs = u.Inputs,
            UnreadableInput = u.Id == unreadable.UnitId ? unreadable.Input : null,
        }),
    ];
}
