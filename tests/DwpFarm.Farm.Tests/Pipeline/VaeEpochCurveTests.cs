using DwpFarm.Data;
using DwpFarm.Dwp;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Local;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Farm.Tests.Pipeline;

/// <summary>
/// <see cref="VaeEpochCurve"/> refits the lab's own VAE unit: at the spec's length it is the lab's prior to the bit,
/// on one slot or two; other lengths give other priors on the same bank; what it cannot refit is refused before any
/// source trains.
/// </summary>
public sealed class VaeEpochCurveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-vae-epochs-").FullName;

    private static SweepSpec Spec => new()
    {
        Name = "curve",
        Fronts = 2,
        StopAfter = SweepStages.Prior,
        Source = SweepSpecs.TinySource,
        Bank = SweepSpecs.TinyBank,
        Prior = SweepSpecs.UngatedPrior(1, 1) with { Conv1 = new VaeSpec { Epochs = 3, Steps = 0, Restarts = 2 } },
    };

    [Fact]
    public void At_the_specs_own_length_the_refit_is_the_labs_prior_bit_for_bit_on_one_slot_or_two()
    {
        var data = new SpecDataSets(DataRoot.Resolve(_root));
        var lab = LocalSweep.Run(Spec, "curve", data, slots: 1);
        var labVaes = lab.Report.Units.Select(u => u.Result).OfType<VaeResult>().Where(v => v.Layer == "conv1").OrderBy(v => v.Front).ToList();

        var one = VaeEpochCurve.Run(Spec, "curve", data, slots: 1, "conv1", [5, 3]);
        var two = VaeEpochCurve.Run(Spec, "curve", data, slots: 2, "conv1", [3, 5, 3]);

        Assert.Equal([(0, 3), (0, 5), (1, 3), (1, 5)], one.Points.Select(p => (p.Front, p.Epochs)));
        Assert.Equal(Weights(one), Weights(two));
        var own = one.Points.Where(p => p.Epochs == 3).ToList();
        Assert.Equal(labVaes.Select(v => v.Weights.Sha256), own.Select(p => p.Result.Weights.Sha256));
        Assert.Equal(labVaes.Select(v => v.TestElbo), own.Select(p => p.Result.TestElbo));
        Assert.All(one.Points.Where(p => p.Epochs == 5), p => Assert.NotEqual(own[p.Front].Result.Weights.Sha256, p.Result.Weights.Sha256));

        // Gates measured, not enforced: these few-epoch VAEs fail them and are still points.
        Assert.All(one.Points, p => Assert.NotEmpty(p.Result.GateFailures));
        var bank = lab.Report.Units.Select(u => u.Result).OfType<BankResult>().Single(b => b.Front == 0);
        var point = one.Points[1];
        Assert.Equal(bank.Bank, point.Bank);
        Assert.Equal(labVaes[0].DataSha256, point.Result.DataSha256);
        Assert.True(point.TrainKernels > 0 && point.TestKernels > 0);
        Assert.Equal(5L * ((point.TrainKernels + 127) / 128), point.Steps);
        Assert.Equal(labVaes[0].Restarts, point.Result.Restarts);
    }

    [Fact]
    public void A_published_bank_a_layer_it_lacks_and_a_length_below_one_are_refused_before_any_source_trains()
    {
        var data = new SpecDataSets(DataRoot.Resolve(_root));
        var logged = new List<string>();
        var published = Spec with { Bank = Spec.Bank with { Import = Path.Combine(_root, "fconv") } };

        var import = Assert.Throws<DwpException>(() => VaeEpochCurve.Run(published, "curve", data, 1, "conv1", [3], logged.Add));
        var layer = Assert.Throws<DwpException>(() => VaeEpochCurve.Run(Spec, "curve", data, 1, "conv3", [3], logged.Add));
        var zero = Assert.Throws<DwpException>(() => VaeEpochCurve.Run(Spec, "curve", data, 1, "conv1", [3, 0], logged.Add));

        Assert.Contains("prior import DIR --fit --fit-epochs", import.Message, StringComparison.Ordinal);
        Assert.Equal("no layer 'conv3': the banks hold conv1, conv2", layer.Message);
        Assert.Equal("each length must be at least 1 epoch, got [3, 0]", zero.Message);
        Assert.Empty(logged);
    }

    private static IEnumerable<string> Weights(VaeEpochCurveResult curve) => curve.Points.Select(p => p.Result.Weights.Sha256);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
