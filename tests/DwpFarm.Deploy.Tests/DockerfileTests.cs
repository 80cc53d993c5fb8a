using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using static DwpFarm.Deploy.Tests.Manifests;

namespace DwpFarm.Deploy.Tests;

/// <summary>
/// The container images, checked as text (no Docker engine here): multi-stage on .NET 10
/// noble images, non-root, a TORCH_BACKEND argument that reaches MSBuild, and what they copy
/// and run exists. The silo image agrees with the Deployment that runs it.
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string, string, string> Images => new()
    {
        { "Dockerfile.silo", "src/Silo/DwpFarm.Silo.csproj", "aspnet" },
        { "Dockerfile.cli", "src/Client/DwpFarm.Client.csproj", "runtime" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_builds_in_an_sdk_stage_and_runs_on_a_noble_runtime_as_a_non_root_user(string dockerfile, string project, string runtime)
    {
        var stages = Dockerfile.Parse(Repo.Read("deploy", "docker", dockerfile));
        Assert.True(stages.Count >= 2, $"{dockerfile} is not multi-stage");
        Assert.Matches(DotnetImage("sdk"), stages[0].Image);
        var final = stages[^1];
        Assert.Matches(DotnetImage(runtime), final.Image);

        // The build stage publishes the project with the chosen libtorch.
        var publish = stages[0].Arguments("RUN").SingleOrDefault(r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.NotNull(publish);
        Assert.Contains(project, publish, StringComparison.Ordinal);
        Assert.Contains("-p:TorchBackend=${TORCH_BACKEND}", publish, StringComparison.Ordinal);
        Assert.True(File.Exists(Repo.File(project)), $"{project} does not exist");
        Assert.Equal("cpu", stages[0].Arguments("ARG").Select(Dockerfile.SplitArg).Single(a => a.Name == "TORCH_BACKEND").Default);

        // Non-root, by number, so Kubernetes can verify runAsNonRoot.
        var user = final.Arguments("USER").LastOrDefault();
        Assert.NotNull(user);
        var uid = NumericUser().Match(user);
        Assert.True(uid.Success && uid.Groups["uid"].Value != "0", $"{dockerfile}: USER {user} is not a numeric non-root user");

        // The entry point is the published program.
        var assembly = XDocument.Load(Repo.File(project)).Descendants("AssemblyName").Single().Value;
        var entryPoint = JsonSerializer.Deserialize<string[]>(final.Arguments("ENTRYPOINT").Single())!;
        Assert.Equal(assembly, Path.GetFileName(entryPoint[0]));

        // Its libstdc++ has what TorchSharp 0.107 needs; the build fails otherwise.
        Assert.Contains(final.Arguments("RUN"), r => r.Contains("GLIBCXX_3\\.4\\.32", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_copy_names_an_earlier_stage_or_a_file_in_the_build_context(string dockerfile, string project, string runtime)
    {
        _ = runtime;
        var stages = Dockerfile.Parse(Repo.Read("deploy", "docker", dockerfile));
        var ignored = Repo.Read(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(["build", "runtime"], stages.Select(s => s.Name));
        Assert.Contains(ignored, pattern => Ignores(pattern, "tests")); // else the ignore check below checks nothing
        var copiesFrom = new List<(int Stage, string From)>();
        var contextPaths = new List<string>();
        for (var i = 0; i < stages.Count; i++)
        {
            foreach (var copy in stages[i].Arguments("COPY"))
            {
                var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var from = parts.FirstOrDefault(p => p.StartsWith("--from=", StringComparison.Ordinal));
                if (from is not null)
                {
                    Assert.Contains(from["--from=".Length..], stages.Take(i).Select(s => s.Name));
                    copiesFrom.Add((i, from["--from=".Length..]));
                    continue;
                }

                foreach (var source in parts.Where(p => !p.StartsWith("--", StringComparison.Ordinal)).SkipLast(1))
                {
                    var path = source.TrimEnd('/');
                    Assert.True(File.Exists(Repo.File(path)) || Directory.Exists(Repo.File(path)), $"{dockerfile}: COPY {source} does not exist");
                    Assert.DoesNotContain(ignored, pattern => Ignores(pattern, path));
                    contextPaths.Add(path);
                }
            }
        }

        // Fails if no copy was parsed: the project's sources enter the build, and the runtime takes its output.
        Assert.Contains(contextPaths, path => project.StartsWith(path + "/", StringComparison.Ordinal));
        Assert.Contains((1, "build"), copiesFrom);
    }

    [Fact]
    public async Task The_silo_image_agrees_with_the_deployment()
    {
        var final = Dockerfile.Parse(Repo.Read("deploy", "docker", "Dockerfile.silo"))[^1];
        var pod = (await Kustomize.BuildAsync("overlays/cpu")).Single("Deployment", "dwpfarm-silo")["spec"]!["template"]!.AsObject();
        var ports = Ports(Container(pod, "silo"));
        var exposed = final.Arguments("EXPOSE").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(long.Parse).Order();
        Assert.Equal(ports.Values.Order(), exposed);
        var uid = NumericUser().Match(final.Arguments("USER").Last()).Groups["uid"].Value;
        Assert.Equal(uid, pod["spec"]!["securityContext"]!["runAsUser"]!.ToString());
        var mounts = Container(pod, "silo")["volumeMounts"]!.AsArray().Select(m => Text(m!["mountPath"])).ToList();
        var dataRoot = final.Arguments("ENV").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(e => e.StartsWith("Farm__DataRoot=", StringComparison.Ordinal));
        Assert.Contains(dataRoot["Farm__DataRoot=".Length..], mounts);
    }

    /// <summary>A .dockerignore line against a context path: <c>**/x/</c>, <c>*.md</c>, or a path prefix.</summary>
    private static bool Ignores(string pattern, string path)
    {
        var p = pattern.TrimEnd('/');
        if (p.StartsWith("**/", StringComparison.Ordinal))
        {
            return path.Split('/').Contains(p[3..]);
        }

        var glob = "^" + Regex.Escape(p).Replace("\\*", "[^/]*", StringComparison.Ordinal) + "(/.*)?$";
        return Regex.IsMatch(path, glob);
    }

    private static Regex DotnetImage(string kind) => new($"/dotnet/{kind}:10\\.0-noble$");

    [GeneratedRegex("""^(?<uid>\d+)(:\d+)?$""")]
    private static partial Regex NumericUser();
}
