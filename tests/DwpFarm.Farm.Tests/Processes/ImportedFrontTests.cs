using DwpFarm.Data;
using DwpFarm.Dwp;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Local;
using DwpFarm.Pipeline.Units;
using DwpFarm.TestSupport;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// The authors' published banks and VAEs stand in for a sweep's own front: no source runs, the bank read from their
/// <c>.npy</c> files with those files as its fingerprint, and the imported VAEs judged against the bank they were fitted on.
/// </summary>
public sealed class ImportedFrontTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-imported-front-").FullName;

    [Fact]
    public void A_published_bank_and_prior_replace_the_sources_bank_and_fits()
    {
        var published = Published(withConv5Test: true);
        var spec = new SweepSpec
        {
            Name = "imported-front",
            StopAfter = SweepStages.Prior,
            Bank = new BankSpec { Import = published },
            Prior = new PriorSpec { Import = published },
        };

        var run = LocalSweep.Run(spec, "imported-front", new SpecDataSets(DataRoot.Resolve(_root)), slots: 1);

        Assert.DoesNotContain(run.Report.Units, u => u.Kind == UnitKind.Source);
        var bank = run.Report.Units.Select(u => u.Result).OfType<BankResult>().Single();
        Assert.Equal([(60, 20), (40, 40)], bank.Layers.Select(l => (l.Train, l.Test)));
        Assert.Matches("^[0-9a-f]{64}$", bank.DataSha256);
        var stored = KernelBank.FromBytes(run.Artifacts.Read(bank.Bank));
        Assert.Equal(NpyFileWriter.RandomKernels(7, 60, seed: 1).Values, stored.Layers[0].Train.Values);

        // The VAEs are judged against the published kernels, not a front of ours.
        var conv1 = run.Report.Units.Select(u => u.Result).OfType<VaeResult>().Single(v => v.Layer == "conv1");
        Assert.Equal(NpyFileWriter.RandomKernels(7, 60, seed: 1).MedianNorm(), conv1.BankMedianNorm, 6);
        Assert.Equal(0, conv1.Restarts);

        // The report says where the bank came from, since it shows nothing extracted or pruned.
        Assert.Contains($"The authors' published banks, read from `{published}` (`bank.import`; data SHA-256 {bank.DataSha256}).", Client.Reports.ReportMarkdown.Render(run.Report, []), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bank_fingerprint_follows_the_published_files()
    {
        var published = Published(withConv5Test: true);
        var spec = new SweepSpec { Name = "fingerprint", StopAfter = SweepStages.Bank, Bank = new BankSpec { Import = published } };
        string Fingerprint() => LocalSweep.Run(spec, "fingerprint", new SpecDataSets(DataRoot.Resolve(_root)), slots: 1).Report.Units
            .Select(u => u.Result).OfType<BankResult>().Single().DataSha256;

        var before = Fingerprint();
        var again = Fingerprint();
        NpyFileWriter.WriteBank(published, "test", NpyFileWriter.RandomKernels(5, 80, seed: 4));

        Assert.Equal(before, again);
        Assert.NotEqual(before, Fingerprint());
    }

    [Fact]
    public void A_published_kernel_that_is_not_a_number_is_refused_with_its_file()
    {
        var published = Published(withConv5Test: true);
        var kernels = NpyFileWriter.RandomKernels(7, 20, seed: 2);
        kernels.Values[30] = float.NaN;
        var path = NpyFileWriter.WriteBank(published, "test", kernels);
        var spec = new SweepSpec { Name = "nan", StopAfter = SweepStages.Bank, Bank = new BankSpec { Import = published } };

        var error = Assert.Throws<DwpException>(() => LocalSweep.Run(spec, "nan", new SpecDataSets(DataRoot.Resolve(_root)), slots: 1));

        Assert.Equal($"{path}: value 30 is not finite (NaN)", error.Message);
    }

    [Fact]
    public void A_published_folder_without_a_layers_held_out_kernels_fails_the_bank_with_the_file_it_needs()
    {
        var published = Published(withConv5Test: false);
        var spec = new SweepSpec { Name = "no-conv5", StopAfter = SweepStages.Bank, Bank = new BankSpec { Import = published } };

        var error = Assert.Throws<DwpException>(() => LocalSweep.Run(spec, "no-conv5", new SpecDataSets(DataRoot.Resolve(_root)), slots: 1));

        Assert.Equal($"{published}: conv5x5/test.npy is missing", error.Message);
    }

    private string Published(bool withConv5Test)
    {
        var folder = Path.Combine(_root, "published");
        NpyFileWriter.WriteBank(folder, "train", NpyFileWriter.RandomKernels(7, 60, seed: 1));
        NpyFileWriter.WriteBank(folder, "test", NpyFileWriter.RandomKernels(7, 20, seed: 2));
        if (withConv5Test)
        {
            NpyFileWriter.WriteBank(folder, "test", NpyFileWriter.RandomKernels(5, 80, seed: 3));
        }

        using var conv1 = KernelVae.Create(7, seed: 11);
        using var conv2 = KernelVae.Create(5, seed: 12);
        LegacyTorchFileWriter.WriteAuthorsLayout(folder, conv1, conv2);
        return folder;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
