using DwpFarm.Data;
using DwpFarm.Dwp.Vae;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Import;
using DwpFarm.Pipeline.Local;
using DwpFarm.Pipeline.Units;
using DwpFarm.TestSupport;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>A prior that misses its quality gates fails its unit with one line that names the numbers; ungated, the same numbers are recorded.</summary>
public sealed class PriorGateTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-gates-").FullName;

    [Fact]
    public void A_vae_of_one_epoch_fails_its_gates_and_the_ungated_run_records_why()
    {
        var spec = new SweepSpec
        {
            Name = "gates",
            StopAfter = SweepStages.Prior,
            Source = SweepSpecs.TinySource,
            Bank = SweepSpecs.TinyBank,
            Prior = new PriorSpec { Gates = true, Conv1 = new VaeSpec { Epochs = 1, Steps = 0, Restarts = 1 }, Conv2 = new VaeSpec { Epochs = 1, Steps = 0, Restarts = 2 } },
        };
        var data = new SpecDataSets(DataRoot.Resolve(_root));

        // One slot runs the costlier conv2 fit first, so its failure is the one that stops the run.
        var error = Assert.Throws<PriorRejectedException>(() => LocalSweep.Run(spec, "gates", data, slots: 1));
        var ungated = LocalSweep.Run(spec with { Prior = spec.Prior with { Gates = false } }, "gates", data, slots: 1);

        var conv2 = ungated.Report.Units.Select(u => u.Result).OfType<Grains.Interfaces.Units.VaeResult>().Single(v => v.Layer == "conv2");
        Assert.NotEmpty(conv2.GateFailures);
        Assert.Equal(2, conv2.Restarts);
        Assert.StartsWith("the conv2 prior (5×5, best of 2 starts) fails its gates: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(conv2.GateFailures[0], error.Message, StringComparison.Ordinal);
        Assert.True(double.IsFinite(conv2.GaussianElbo) && double.IsFinite(conv2.SampleAbsCosine) && double.IsFinite(conv2.BankAbsCosine));
        Assert.Null(conv2.PulledAbsCosine);

        // The ELBO the best start was chosen by is the one recorded, and it is the stored VAE's.
        var bank = Dwp.Kernels.KernelBank.FromBytes(ungated.Artifacts.Read(ungated.Report.Units.Select(u => u.Result).OfType<Grains.Interfaces.Units.BankResult>().Single().Bank));
        using var stored = KernelVae.FromBytes(ungated.Artifacts.Read(conv2.Weights));
        Assert.Equal(stored.Elbo(bank.Layers[1].Test), conv2.TestElbo);
    }

    [Fact]
    public void An_imported_prior_stands_in_for_the_fit_and_is_judged_against_the_sweeps_bank()
    {
        var published = Path.Combine(_root, "published");
        using (var conv1 = KernelVae.Create(7, seed: 11))
        using (var conv2 = KernelVae.Create(5, seed: 12))
        {
            LegacyTorchFileWriter.WriteAuthorsLayout(published, conv1, conv2);
        }

        var spec = new SweepSpec
        {
            Name = "imported",
            StopAfter = SweepStages.Prior,
            Source = new SourceSpec { ImagesPerClass = 60, TestImages = 100, Count = 1, Widths = [4, 8], Epochs = 1, Batch = 64 },
            Bank = SweepSpecs.TinyBank,
            Prior = new PriorSpec { Import = published, Pull = true },
        };

        var run = LocalSweep.Run(spec, "imported", new SpecDataSets(DataRoot.Resolve(_root)), slots: 1);

        var vaes = run.Report.Units.Select(u => u.Result).OfType<Grains.Interfaces.Units.VaeResult>().OrderBy(v => v.Layer, StringComparer.Ordinal).ToList();
        Assert.Equal([0, 0], vaes.Select(v => v.Restarts));
        using var stored = KernelVae.FromBytes(run.Artifacts.Read(vaes[0].Weights));
        using var expected = KernelVae.Create(7, seed: 11);
        Assert.Equal(expected.Decode([0.5f, -1]).Values, stored.Decode([0.5f, -1]).Values);
        Assert.All(vaes, v => Assert.True(double.IsFinite(v.TestElbo) && double.IsFinite(v.WhiteNoiseElbo) && v.BankMedianNorm > 0));

        // Asked for, the pull is measured on the stored VAE and shown in the unit's line.
        var seed = run.Report.Units.Single(u => ReferenceEquals(u.Result, vaes[0])).Seed;
        Assert.Equal(PriorPull.Measure(stored, seed).AbsCosine, vaes[0].PulledAbsCosine);
        Assert.All(vaes, v => Assert.Contains("pulled up its ELBO: mean |cos| ", UnitLines.Outcome(v), StringComparison.Ordinal));

        // The kernel grid shows the pulled kernels as rows of their own (two rows of 24 tiles for 32 kernels).
        var unpulled = run.Report with { Units = [.. run.Report.Units.Select(u => u.Result is Grains.Interfaces.Units.VaeResult v ? u with { Result = v with { PulledAbsCosine = null } } : u)] };
        var withPull = Directory.CreateDirectory(Path.Combine(_root, "grids-pull")).FullName;
        var without = Directory.CreateDirectory(Path.Combine(_root, "grids")).FullName;
        Client.Reports.KernelGrids.Write(run.Report, run.Artifacts.Read, withPull);
        Client.Reports.KernelGrids.Write(unpulled, run.Artifacts.Read, without);
        Assert.True(PngHeight(Path.Combine(withPull, "kernels-conv1.png")) > PngHeight(Path.Combine(without, "kernels-conv1.png")));

        // Gated, an untrained prior is refused with where it came from.
        var error = Assert.Throws<PriorRejectedException>(() => LocalSweep.Run(spec with { Prior = spec.Prior with { Gates = true } }, "imported", new SpecDataSets(DataRoot.Resolve(_root)), slots: 1));
        Assert.Contains($"imported from {published}) fails its gates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_published_prior_that_is_not_there_is_a_clear_error()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;

        Assert.Contains("no such folder", Assert.Throws<Dwp.DwpException>(() => PublishedPrior.Load(Path.Combine(_root, "missing"))).Message, StringComparison.Ordinal);
        Assert.Contains("vae7x7/vae_params.torch: no such file", Assert.Throws<Dwp.DwpException>(() => PublishedPrior.Load(empty)).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // A PNG's height: bytes 20–23 of its IHDR chunk, big-endian.
    private static int PngHeight(string path) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(File.ReadAllBytes(path).AsSpan(20, 4));
}
