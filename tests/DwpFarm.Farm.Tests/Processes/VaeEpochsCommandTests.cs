using System.Text.Json.Nodes;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// <c>dwpfarm lab vae-epochs</c> through the real CLI: one point per front and length with the spec and the seeds
/// that reproduce it, a kernel grid per length; bad flags refused with one line before any data is made.
/// </summary>
public sealed class VaeEpochsCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-vae-epochs-cli-").FullName;

    [Fact]
    public async Task Each_length_is_a_point_with_its_spec_seed_and_bank_and_a_kernel_grid()
    {
        var spec = Path.Combine(_root, "tiny.yaml");
        await File.WriteAllTextAsync(spec, """
            name: cli-curve
            source: {imagesPerClass: 60, testImages: 100, count: 2, widths: [4, 8], epochs: 1, batch: 64}
            bank: {pruneRule: relative}
            prior: {gates: false, conv1: {epochs: 3, steps: 0, restarts: 1}, conv2: {epochs: 1, restarts: 1}}
            """);
        var output = Path.Combine(_root, "out");

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "lab", "vae-epochs", "--spec", spec, "--vae-epochs", "4,2", "--json", "--out", output, "--data", Path.Combine(_root, "data"), "--slots", "2");

        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.Contains("name: cli-curve", json["spec"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("conv1", json["layer"]!.GetValue<string>());
        Assert.Equal(64, json["lettersSha256"]!.GetValue<string>().Length);
        var points = json["points"]!.AsArray();
        Assert.Equal([2, 4], points.Select(p => p!["epochs"]!.GetValue<int>()));
        Assert.All(points, p =>
        {
            Assert.Equal(0, p!["front"]!.GetValue<int>());
            Assert.True(p["testElbo"]!.GetValue<double>() is var elbo && double.IsFinite(elbo));
            Assert.NotEmpty(p["gates"]!.AsArray());
            Assert.Equal(64, p["bankSha256"]!.GetValue<string>().Length);
        });
        Assert.Equal(points[0]!["seed"]!.GetValue<long>(), points[1]!["seed"]!.GetValue<long>());
        Assert.Equal(stdout.Trim(), (await File.ReadAllTextAsync(Path.Combine(output, "vae-epochs.json"))).Trim());
        Assert.True(File.Exists(Path.Combine(output, "kernels-conv1-e2.png")));
        Assert.True(File.Exists(Path.Combine(output, "kernels-conv1-e4.png")));
        Assert.Contains("cli-curve/vae/conv1 at 4 epochs: one fit of 4 epochs", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "--vae-epochs must be whole numbers of epochs, each at least 1, like 300,600,1000; got ''")]
    [InlineData("--vae-epochs 300,0", "--vae-epochs must be whole numbers of epochs, each at least 1, like 300,600,1000; got '300,0'")]
    [InlineData("--vae-epochs 300 --layer conv3", "--layer must be conv1 or conv2, got 'conv3'")]
    [InlineData("--vae-epochs 300 --vae-steps 600", "--vae-steps: each fit here runs the whole epochs --vae-epochs names")]
    [InlineData("--vae-epochs 300 --prior published", "--prior: the published prior's bank is refitted by `dwpfarm prior import DIR --fit --fit-epochs E`; this command refits a front it builds")]
    [InlineData("--vae-epochs 300 --source-epochs 0", "--source-epochs (source.epochs): must be between 1 and 10000")]
    public async Task A_bad_flag_is_a_usage_error_before_any_data_is_made(string flags, string expected)
    {
        var data = Path.Combine(_root, "no-data");
        var (code, stdout, stderr) = await CliProcess.RunAsync(null, ["lab", "vae-epochs", .. flags.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--data", data]);

        Assert.Equal(64, code);
        Assert.Empty(stdout);
        Assert.Equal($"dwpfarm: {expected}", stderr.Trim());
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task An_out_that_is_a_file_is_refused_before_any_data_is_made()
    {
        var file = Path.Combine(_root, "taken");
        await File.WriteAllTextAsync(file, "mine");
        var data = Path.Combine(_root, "no-data");

        var (code, _, stderr) = await CliProcess.RunAsync(null, "lab", "vae-epochs", "--vae-epochs", "300", "--out", file, "--data", data);

        Assert.Equal(1, code);
        Assert.Contains("is a file, not a folder", stderr, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(file));
        Assert.False(Directory.Exists(data));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
