using DwpFarm.Data;
using DwpFarm.Dwp.Vae;
using DwpFarm.Pipeline.Import;
using DwpFarm.TestSupport;

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
        Assert.Equal($"installed in {Installed}: `dwpfarm lab fewshot` now uses it (--prior own builds a front instead)", stderr.Trim());
        foreach (var file in new[] { "vae7x7/vae_params.torch", "vae5x5/vae_params.torch", "conv7x7/test.npy", "conv5x5/test.npy" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(published, file)), await File.ReadAllBytesAsync(Path.Combine(Installed!, file)));
        }
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

    private string Published(string name, int seed)
    {
        var folder = Path.Combine(_root, name);
        NpyFileWriter.WriteHeldOutBanks(folder, count: 40, seed);

        using var conv1 = KernelVae.Create(7, seed);
        using var conv2 = KernelVae.Create(5, seed + 100);
        LegacyTorchFileWriter.WriteAuthorsLayout(folder, conv1, conv2);
        return folder;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
