using System.Text.Json;

namespace DwpFarm.Deploy.Tests;

/// <summary>
/// The images' TORCH_BACKEND argument becomes -p:TorchBackend, which picks the libtorch
/// package of the ML core. Checked by MSBuild evaluation only: the CUDA package is not restored.
/// </summary>
public sealed class TorchBackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(null, "TorchSharp-cpu")]
    [InlineData("cpu", "TorchSharp-cpu")]
    [InlineData("cuda", "TorchSharp-cuda-linux")]
    public async Task The_backend_property_selects_the_libtorch_package(string? backend, string package)
    {
        string[] arguments = ["msbuild", Repo.File("src", "Dwp", "DwpFarm.Dwp.csproj"), "-getItem:PackageReference", "-nologo"];
        var (exit, stdout, stderr) = await ExternalTool.RunAsync(Dotnet, backend is null ? arguments : [.. arguments, $"-p:TorchBackend={backend}"], Timeout);
        Assert.True(exit == 0, $"dotnet msbuild exited {exit}: {stdout}{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var references = json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()).ToList();
        Assert.Single(references, r => r!.StartsWith("TorchSharp", StringComparison.Ordinal));
        Assert.Contains(package, references);
    }

    [Fact]
    public async Task Any_other_backend_is_an_error()
    {
        var (exit, stdout, _) = await ExternalTool.RunAsync(Dotnet, ["msbuild", Repo.File("src", "Dwp", "DwpFarm.Dwp.csproj"), "-t:CheckTorchBackend", "-p:TorchBackend=rocm", "-nologo"], Timeout);
        Assert.NotEqual(0, exit);
        Assert.Contains("TorchBackend must be cpu or cuda, not 'rocm'", stdout, StringComparison.Ordinal);

        // The central versions know both packages, at the TorchSharp version.
        var props = Repo.Read("Directory.Packages.props");
        Assert.Contains("""<PackageVersion Include="TorchSharp-cpu" Version="$(TorchSharpVersion)" />""", props, StringComparison.Ordinal);
        Assert.Contains("""<PackageVersion Include="TorchSharp-cuda-linux" Version="$(TorchSharpVersion)" />""", props, StringComparison.Ordinal);
    }

    [Fact]
    public void The_silo_image_gives_libtorch_the_driver_and_its_own_cuda_libraries()
    {
        var env = Dockerfile.Parse(Repo.Read("deploy", "docker", "Dockerfile.silo"))[^1].Arguments("ENV")
            .SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(e => e.Contains('=', StringComparison.Ordinal))
            .Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e[1]);
        Assert.Equal("compute,utility", env["NVIDIA_DRIVER_CAPABILITIES"]);
        Assert.Contains("/opt/dwpfarm", env["LD_LIBRARY_PATH"].Split(':'));

        // The device plugin, not the image, decides which GPUs a pod sees.
        Assert.DoesNotContain("NVIDIA_VISIBLE_DEVICES", env.Keys);
    }

    /// <summary>The dotnet host running these tests (set by dotnet test), else the one on PATH.</summary>
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
