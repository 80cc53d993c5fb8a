using static DwpFarm.Deploy.Tests.Manifests;

namespace DwpFarm.Deploy.Tests;

/// <summary>
/// The farm's own images name the registry you push them to: the placeholder REGISTRY until you set it as the guide
/// says, never a bare name that a public registry would resolve to someone else's image.
/// </summary>
public sealed class ImageReferenceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Kustomizations => [.. Kustomize.Overlays, "cli"];

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task The_farms_images_name_the_registry_placeholder(string folder)
    {
        var images = FarmImages(await Kustomize.BuildAsync(folder));

        Assert.NotEmpty(images);
        Assert.All(images, i => Assert.Matches("^REGISTRY/dwpfarm-(silo|cli):(cpu|cuda)$", i));
    }

    [Fact]
    public async Task Kustomize_edit_set_image_as_the_guide_says_points_every_farm_image_at_your_registry()
    {
        var guide = Repo.Read("docs", "deploy.md");
        Assert.Contains("kustomize edit set image \\\n  dwpfarm-silo=\"$REGISTRY/dwpfarm-silo:$VERSION-cpu\" \\\n  dwpfarm-cli=\"$REGISTRY/dwpfarm-cli:$VERSION-cpu\"", guide, StringComparison.Ordinal);

        // On a copy of deploy/: the edit rewrites the overlay's kustomization.yaml.
        var copy = Directory.CreateTempSubdirectory("dwpfarm-images-").FullName;
        try
        {
            CopyFolder(Repo.Deploy, Path.Combine(copy, "deploy"));
            var kustomize = ExternalTool.Find("kustomize", "kustomize");
            var cpu = Path.Combine(copy, "deploy", "k8s", "overlays", "cpu");
            var edit = await ExternalTool.RunAsync(
                kustomize, ["edit", "set", "image", "dwpfarm-silo=example.test/team/dwpfarm-silo:1.2.0-cpu", "dwpfarm-cli=example.test/team/dwpfarm-cli:1.2.0-cpu"], Timeout, workingDirectory: cpu);
            Assert.True(edit.ExitCode == 0, edit.Stderr);

            // The external-postgres overlay builds on the cpu one and takes its images.
            foreach (var overlay in new[] { "cpu", "external-postgres" })
            {
                var build = await ExternalTool.RunAsync(kustomize, ["build", Path.Combine(copy, "deploy", "k8s", "overlays", overlay)], Timeout);
                Assert.True(build.ExitCode == 0, build.Stderr);
                var manifests = new Manifests(overlay, [.. Yaml.Documents(build.Stdout, overlay).Select(d => d!.AsObject())]);
                Assert.Equal(["example.test/team/dwpfarm-cli:1.2.0-cpu", "example.test/team/dwpfarm-silo:1.2.0-cpu"], FarmImages(manifests).Distinct().Order());
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static List<string> FarmImages(Manifests manifests) =>
        [.. manifests.PodTemplates().SelectMany(t => Containers(t.Pod).Concat(InitContainers(t.Pod))).Select(c => Text(c["image"])).Where(i => i.Contains("dwpfarm-", StringComparison.Ordinal))];

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
