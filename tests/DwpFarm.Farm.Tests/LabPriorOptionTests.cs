using DwpFarm.Client.Commands.Lab;
using DwpFarm.Data;
using DwpFarm.Dwp;
using DwpFarm.Dwp.Vae;
using DwpFarm.Pipeline.Import;
using DwpFarm.TestSupport;

namespace DwpFarm.Farm.Tests;

/// <summary>
/// <c>--prior</c> and the installed published prior: <c>lab fewshot</c> uses the prior <c>prior import</c> installed and
/// says when it has none; <c>init-compare</c> measures its own front unless told otherwise; problems name their flag.
/// </summary>
public sealed class LabPriorOptionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-lab-prior-").FullName;

    private string Data => Path.Combine(_root, "data");

    [Fact]
    public void Without_an_installed_prior_fewshot_fits_its_own_and_says_why()
    {
        var fewShot = new FewShotCommandSettings { Data = Data };

        Assert.Null(fewShot.BuildSpec().Prior.Import);
        Assert.Equal(FewShotCommandSettings.LabDwpKernels, fewShot.BuildSpec().Evaluation.DwpKernels);
        Assert.StartsWith($"no published prior installed in {Path.Combine(Data, "prior")}, so this run fits its own", fewShot.PriorNote(), StringComparison.Ordinal);
        Assert.Null(new FewShotCommandSettings { Data = Data, Prior = "own" }.PriorNote());
        Assert.Null(new InitCompareSettings { Data = Data }.PriorNote());
    }

    [Fact]
    public void An_installed_prior_is_fewshots_default_and_init_compare_keeps_its_own_front()
    {
        var installed = InstalledPrior.Install(Authors("a", seed: 1), DataRoot.Resolve(Data));

        Assert.Equal(installed, new FewShotCommandSettings { Data = Data }.BuildSpec().Prior.Import);
        Assert.Null(new FewShotCommandSettings { Data = Data }.PriorNote());
        Assert.Null(new FewShotCommandSettings { Data = Data, Prior = "own" }.BuildSpec().Prior.Import);
        Assert.Null(new InitCompareSettings { Data = Data }.BuildSpec().Prior.Import);
        Assert.Equal(installed, new InitCompareSettings { Data = Data, Prior = "published" }.BuildSpec().Prior.Import);
        Assert.True(new FewShotCommandSettings { Data = Data }.Validate().Successful);
    }

    [Fact]
    public void Installing_again_switches_the_prior_a_folder_without_vaes_leaves_it_and_the_same_files_share_one_folder()
    {
        var root = DataRoot.Resolve(Data);
        var first = InstalledPrior.Install(Authors("a", seed: 1), root);
        var installed = InstalledPrior.Install(Authors("b", seed: 2), root);
        var incomplete = Directory.CreateDirectory(Path.Combine(_root, "incomplete", "vae7x7")).Parent!.FullName;
        File.WriteAllBytes(Path.Combine(incomplete, "vae7x7", "vae_params.torch"), [1, 2, 3]);

        var error = Assert.Throws<DwpException>(() => InstalledPrior.Install(incomplete, root));

        Assert.Equal($"{incomplete}: vae5x5/vae_params.torch missing; nothing installed", error.Message);
        Assert.Equal(installed, InstalledPrior.Find(root));
        using (var vae = PublishedPrior.LoadVae(installed, 7))
        using (var expected = KernelVae.Create(7, seed: 2))
        {
            Assert.Equal(expected.Decode([0.5f, -1]).Values, vae.Decode([0.5f, -1]).Values);
        }

        // The earlier install stays whole for a run that resolved it, and the same bytes again reuse their folder.
        Assert.True(File.Exists(Path.Combine(first, "vae7x7", "vae_params.torch")));
        Assert.Equal(first, InstalledPrior.Install(Path.Combine(_root, "a"), root));
        Assert.Equal(first, InstalledPrior.Find(root));
        Assert.Equal(2, Directory.GetDirectories(InstalledPrior.FolderIn(root)).Length);
    }

    [Fact]
    public void A_folder_with_the_published_banks_stands_in_for_the_whole_front_and_is_one_front()
    {
        var vaesOnly = Authors("vaes", seed: 1);
        var withBanks = Authors("banks", seed: 2);
        NpyFileWriter.WriteHeldOutBanks(withBanks, count: 4, seed: 0);

        var front = new InitCompareSettings { Data = Data, Prior = withBanks }.BuildSpec();
        var vaes = new InitCompareSettings { Data = Data, Prior = vaesOnly }.BuildSpec();

        Assert.Equal((withBanks, withBanks, 1), (front.Prior.Import, front.Bank.Import, front.Fronts));
        Assert.Equal((vaesOnly, (string?)null, 1), (vaes.Prior.Import, vaes.Bank.Import, vaes.Fronts));
        Assert.Equal(LabFront.VerdictFronts, new InitCompareSettings { Data = Data }.BuildSpec().Fronts);
    }

    [Theory]
    [InlineData("published", "--prior published: no prior is installed in {data}/prior (`dwpfarm prior import DIR` installs the authors')")]
    [InlineData("{root}/nowhere", "--prior (prior.import): folder '{root}/nowhere' does not exist")]
    public void A_prior_that_is_not_there_is_refused_before_any_run(string prior, string expected)
    {
        var result = new FewShotCommandSettings { Data = Data, Prior = prior.Replace("{root}", _root, StringComparison.Ordinal) }.Validate();

        Assert.False(result.Successful);
        Assert.Equal(expected.Replace("{data}", Data, StringComparison.Ordinal).Replace("{root}", _root, StringComparison.Ordinal), result.Message);
    }

    [Fact]
    public void Flags_that_set_what_an_imported_front_replaces_are_refused()
    {
        var banks = Authors("banks", seed: 3);
        NpyFileWriter.WriteHeldOutBanks(banks, count: 4, seed: 0);

        Assert.Equal($"--sources sets what the imported bank and prior in {banks} replaces", new FewShotCommandSettings { Data = Data, Prior = banks, Sources = 8 }.Validate().Message);
        Assert.Equal($"--vae-steps sets what the imported prior in {Authors("vaes", seed: 4)} replaces",
            new InitCompareSettings { Data = Data, Prior = Path.Combine(_root, "vaes"), VaeSteps = 3000 }.Validate().Message);
        Assert.True(new FewShotCommandSettings { Data = Data, Prior = banks, Seed = 3 }.Validate().Successful);
        Assert.Equal("--prior must be own, published or a folder", new FewShotCommandSettings { Data = Data, Prior = " " }.Validate().Message);
    }

    [Fact]
    public void A_field_problem_names_the_flag_that_set_it()
    {
        Assert.Equal("--seeds (evaluation.seeds): must be between 1 and 1000", new FewShotCommandSettings { Data = Data, Seeds = 0 }.Validate().Message);
        Assert.StartsWith("--seed (", new InitCompareSettings { Data = Data, Seed = -1 }.Validate().Message, StringComparison.Ordinal);
        Assert.StartsWith("--train-size (evaluation.trainSizes", new InitCompareSettings { Data = Data, TrainSize = 0 }.Validate().Message, StringComparison.Ordinal);
        Assert.StartsWith("--lr (evaluation.lr)", new InitCompareSettings { Data = Data, Lr = -1 }.Validate().Message, StringComparison.Ordinal);
    }

    private string Authors(string name, int seed)
    {
        var folder = Path.Combine(_root, name);
        using var conv1 = KernelVae.Create(7, seed);
        using var conv2 = KernelVae.Create(5, seed + 100);
        LegacyTorchFileWriter.WriteAuthorsLayout(folder, conv1, conv2);
        return folder;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
