using System.Text.Json.Nodes;
using DwpFarm.Data;
using DwpFarm.Dwp.Vae;
using DwpFarm.Pipeline.Import;
using DwpFarm.TestSupport;
using DwpFarm.Tests;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// <c>dwpfarm prior import</c> through the real CLI: a folder that loads is scored and installed for the lab; one that
/// does not load is refused with one line and leaves an installed prior as it was.
/// </summary>
public sealed class PriorImportCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-prior-import-").FullName;

    private string Data => Path.Combine(_root, "data");

    private string? Installed => InstalledPrior.Find(DataRoot.Resolve(Data));

    [Fact]
    public async Task A_folder_that_loads_is_scored_and_installed_unless_told_not_to()
    {
        var published = Published("a", seed: 1);

        var scoredOnly = await CliProcess.RunAsync(null, "prior", "import", published, "--data", Data, "--no-install", "--json");
        Assert.Equal(0, scoredOnly.ExitCode);
        Assert.Null(Installed);
        Assert.False(Directory.Exists(Data));

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "prior", "import", published, "--data", Data, "--json");

        Assert.Equal(0, code);
        Assert.StartsWith("[{\"layer\":\"conv1\"", stdout, StringComparison.Ordinal);
        // The pull (--pull) is half a minute a VAE, so it is measured only when asked for (PriorGateTests measures one).
        Assert.DoesNotContain("pulledAbsCosine", stdout, StringComparison.Ordinal);
        Assert.Equal($"installed in {Installed}: `dwpfarm lab fewshot` now uses it (--prior own builds a front instead)", stderr.Trim());
        foreach (var file in new[] { "vae7x7/vae_params.torch", "vae5x5/vae_params.torch", "conv7x7/test.npy", "conv5x5/test.npy" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(published, file)), await File.ReadAllBytesAsync(Path.Combine(Installed!, file)));
        }
    }

    [Fact]
    public async Task Pull_reports_where_each_vae_draws_its_samples()
    {
        var published = Published("pull", seed: 6);

        // Seconds a VAE alone, but 1,000 Adam steps each: a loaded machine may need more than CliProcess's two minutes.
        var (code, stdout, stderr) = await ExternalTool.RunAsync(
            CliProcess.Binary, ["prior", "import", published, "--data", Data, "--no-install", "--json", "--pull"], TimeSpan.FromMinutes(8));

        Assert.True(code == 0, stderr);
        var rows = JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal(["conv1", "conv2"], rows.Select(r => (string)r!["layer"]!));
        Assert.All(rows, r =>
        {
            Assert.InRange((double)r!["pulledAbsCosine"]!, 0.0, 1.0);
            Assert.True((double)r["pulledMedianNorm"]! > 0);
        });
        Assert.Null(Installed);
    }

    [Fact]
    public async Task A_folder_that_does_not_load_is_refused_and_the_installed_prior_stays()
    {
        await CliProcess.RunAsync(null, "prior", "import", Published("good", seed: 1), "--data", Data, "--json");
        var broken = Published("broken", seed: 2);
        await File.WriteAllBytesAsync(Path.Combine(broken, "vae5x5", "vae_params.torch"), [1, 2, 3]);

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "prior", "import", broken, "--data", Data);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.StartsWith($"dwpfarm: error: {Path.Combine(broken, "vae5x5", "vae_params.torch")}", stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(_root, "good", "vae5x5", "vae_params.torch")),
            await File.ReadAllBytesAsync(Path.Combine(Installed!, "vae5x5", "vae_params.torch")));
    }

    [Fact]
    public async Task Fit_kernels_fits_our_vae_on_nested_subsets_of_their_training_bank()
    {
        var published = Published("subsets", seed: 3, train: 60);

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "prior", "import", published, "--data", Data, "--no-install", "--json", "--fit", "--fit-kernels", "10,30", "--fit-epochs", "2");

        Assert.True(code == 0, stderr);
        var rows = JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal(
            ["conv1", "conv2", "conv1 (ours: 10 of their 60 kernels, 2 epochs)", "conv1 (ours: 30 of their 60 kernels, 2 epochs)"],
            rows.Select(r => (string)r!["layer"]!));
        // conv2 has no published training bank: half its held-out kernels stand in.
        Assert.Equal([60, 20, 10, 30], rows.Select(r => (int)r!["train"]!));
        Assert.All(rows, r => Assert.True(double.IsFinite((double)r!["testElbo"]!)));

        // All of them is the whole bank as plain --fit fits it, to the bit.
        var all = await CliProcess.RunAsync(null, "prior", "import", published, "--data", Data, "--no-install", "--json", "--fit", "--fit-kernels", "60", "--fit-epochs", "2");
        var plain = await CliProcess.RunAsync(null, "prior", "import", published, "--data", Data, "--no-install", "--json", "--fit", "--fit-epochs", "2");
        Assert.Equal((double)JsonNode.Parse(plain.Stdout)![2]!["testElbo"]!, (double)JsonNode.Parse(all.Stdout)![2]!["testElbo"]!);
    }

    [Fact]
    public async Task A_subset_larger_than_their_bank_is_refused_and_nothing_is_installed()
    {
        var published = Published("small", seed: 4, train: 20);

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "prior", "import", published, "--data", Data, "--fit", "--fit-kernels", "5,21", "--fit-epochs", "1");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal("dwpfarm: error: --fit-kernels 21: their 7×7 training bank holds 20 kernels", stderr.Trim());
        Assert.Null(Installed);
    }

    [Theory]
    [InlineData("--fit-kernels", "10", "--fit-kernels and --fit-epochs shape the fit: give --fit too")]
    [InlineData("--fit-epochs", "5", "--fit-kernels and --fit-epochs shape the fit: give --fit too")]
    [InlineData("--fit --fit-kernels", "10,0", "--fit-kernels must be whole numbers of at least 1 separated by commas, got '10,0'")]
    [InlineData("--fit --fit-epochs", "0", "--fit-epochs must be at least 1, got 0")]
    public async Task Fit_flags_that_cannot_hold_are_a_usage_error(string flags, string value, string message)
    {
        var published = Published("flags", seed: 5);

        var (code, _, stderr) = await CliProcess.RunAsync(null, ["prior", "import", published, "--data", Data, .. flags.Split(' '), value]);

        Assert.Equal(64, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Null(Installed);
    }

    private string Published(string name, int seed, int train = 0)
    {
        var folder = Path.Combine(_root, name);
        NpyFileWriter.WriteHeldOutBanks(folder, count: 40, seed);
        if (train > 0)
        {
            NpyFileWriter.WriteBank(folder, "train", NpyFileWriter.RandomKernels(7, train, seed + 50));
        }

        using var conv1 = KernelVae.Create(7, seed);
        using var conv2 = KernelVae.Create(5, seed + 100);
        LegacyTorchFileWriter.WriteAuthorsLayout(folder, conv1, conv2);
        return folder;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
