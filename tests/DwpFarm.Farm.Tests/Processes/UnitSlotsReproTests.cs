using DwpFarm.Data;
using DwpFarm.Dwp;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Local;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// A conv2 VAE that holds both slots of the lab trains with two torch threads, and gives the same weights, bit for
/// bit, on a second run; a run with fewer slots than it holds is refused before anything trains.
/// </summary>
public sealed class UnitSlotsReproTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-unit-slots-").FullName;

    private static SweepSpec Spec => new()
    {
        Name = "wide",
        StopAfter = SweepStages.Prior,
        Source = SweepSpecs.TinySource,
        Bank = SweepSpecs.TinyBank,
        Prior = SweepSpecs.UngatedPrior(2, 2),
        Resources = new ResourcesSpec { Slots = new SlotsSpec { Conv2 = 2 } },
    };

    [Fact]
    public void A_conv2_vae_on_two_slots_trains_with_two_threads_and_repeats_bit_for_bit()
    {
        var cache = new SourceRunCache(Path.Combine(_root, "cache"));
        var first = Vaes(LocalSweep.Run(Spec, "wide", new SpecDataSets(DataRoot.Resolve(_root)), slots: 2, sources: cache));
        var second = Vaes(LocalSweep.Run(Spec, "wide", new SpecDataSets(DataRoot.Resolve(_root)), slots: 2, sources: cache));

        Assert.Contains("threads=2;", first["conv2"].Environment, StringComparison.Ordinal);
        Assert.Contains("threads=1;", first["conv1"].Environment, StringComparison.Ordinal);
        Assert.Equal(first["conv2"].Weights.Sha256, second["conv2"].Weights.Sha256);
        Assert.Equal(first["conv2"].TestElbo, second["conv2"].TestElbo);
    }

    [Fact]
    public void A_run_with_fewer_slots_than_a_unit_holds_is_refused_before_anything_trains()
    {
        var ex = Assert.Throws<DwpException>(() => LocalSweep.Run(Spec, "wide", new SpecDataSets(DataRoot.Resolve(_root)), slots: 1));

        Assert.Equal("resources.slots.conv2 asks for 2 slots, but this run has 1", ex.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Dictionary<string, VaeResult> Vaes(LocalSweepResult run) =>
        run.Report.Units.Select(u => u.Result).OfType<VaeResult>().ToDictionary(v => v.Layer);
}
