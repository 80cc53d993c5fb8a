using System.Runtime.Versioning;

namespace DwpFarm.Deploy.Tests;

/// <summary>
/// scripts/setup.sh as make runs it, on a PATH made for each test from links to the real tools and a few stand-ins:
/// a machine that cannot install the programs the tests run is told which ones are missing, and <c>make test</c>
/// stops before it builds. The stand-ins for apt and <c>id</c>, and an apt configuration folder of the test's own, let
/// a test play root without changing the machine.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SetupScriptTests : IDisposable
{
    private const string MissingLine = "setup:   - programs the tests run: prometheus promtool yamllint kustomize chromium (Debian packages: prometheus yamllint kustomize chromium; as root on Debian, make test installs them)";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>What setup.sh and the Makefile call, besides the programs under test.</summary>
    private static readonly (string Program, string Package)[] Tools =
    [
        ("bash", "bash"), ("make", "make"), ("grep", "grep"), ("awk", "mawk"), ("ls", "coreutils"), ("sort", "coreutils"),
        ("tail", "coreutils"), ("dpkg-query", "dpkg"), ("npm", "npm"),
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-setup-").FullName;

    public SetupScriptTests()
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Path.Combine(AptEtc, "sources.list.d"));
        Directory.CreateDirectory(Path.Combine(AptEtc, "preferences.d"));
        foreach (var (program, package) in Tools)
        {
            File.CreateSymbolicLink(Path.Combine(Bin, program), ExternalTool.Find(program, package));
        }

        // Building would run this: it leaves a mark instead.
        Script("dotnet", $"echo \"$*\" >> {Path.Combine(_root, "dotnet-ran")}");
        Script("id", "exec /usr/bin/id \"$@\"");
    }

    private string Bin => Path.Combine(_root, "bin");

    private string AptEtc => Path.Combine(_root, "apt");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Make_test_without_apt_names_the_missing_programs_and_stops_before_building()
    {
        var (exit, _, stderr) = await RunAsync(ExternalTool.Find("make", "make"), "test");

        Assert.NotEqual(0, exit);
        Assert.Contains(MissingLine, stderr.Split('\n'));
        Assert.False(File.Exists(Path.Combine(_root, "dotnet-ran")), $"make test built although setup failed:\n{stderr}");
    }

    [Fact]
    public async Task The_demo_setup_asks_for_none_of_the_test_programs()
    {
        var (exit, _, stderr) = await RunAsync(Path.Combine(Bin, "bash"), Repo.File("scripts", "setup.sh"));

        Assert.True(exit == 0, $"setup.sh exited {exit}:\n{stderr}");
        Assert.Equal("setup: ok", stderr.Trim());
    }

    [Fact]
    public async Task As_root_it_installs_the_packages_of_missing_programs_and_names_what_apt_cannot_provide()
    {
        Script("id", "echo 0");
        var aptLog = Path.Combine(_root, "apt-get.log");
        Script("apt-get", $"echo \"$*\" >> {aptLog}");
        Script("apt-cache", """
            echo "$2:"
            if [ "$2" = chromium ]; then echo "  Candidate: (none)"; else echo "  Candidate: 1.0-1"; fi
            """);

        var (exit, _, stderr) = await RunAsync(Path.Combine(Bin, "bash"), Repo.File("scripts", "setup.sh"), "test");

        Assert.Equal(1, exit);
        Assert.Equal(["update -qq", "install -y -qq --no-install-recommends prometheus yamllint kustomize"], File.ReadAllLines(aptLog));
        var lines = stderr.Split('\n');
        Assert.Contains("setup:   - the Debian package chromium: no apt source of this machine has it", lines);
        Assert.Equal(
            ["prometheus: still missing after installing the Debian package prometheus", "promtool: still missing after installing the Debian package prometheus",
             "yamllint: still missing after installing the Debian package yamllint", "kustomize: still missing after installing the Debian package kustomize"],
            lines.Where(l => l.Contains("still missing", StringComparison.Ordinal)).Select(l => l["setup:   - ".Length..]));
    }

    [Fact]
    public async Task Once_the_c_library_came_from_trixie_its_packages_are_pinned_to_trixie()
    {
        // A machine whose libstdc++6 (and with it libc6 2.41) came from trixie, set up before the glibc pin.
        Script("id", "echo 0");
        Script("apt-get", "exit 0");
        File.CreateSymbolicLink(Path.Combine(Bin, "dpkg"), ExternalTool.Find("dpkg", "dpkg"));
        Script("dpkg-query", """
            case "$*" in
              *Version*) echo 2.41-12+deb13u5 ;;
              *) echo "install ok installed" ;;
            esac
            """);
        await File.WriteAllTextAsync(Path.Combine(AptEtc, "sources.list.d", "dwpfarm-trixie.sources"), "Types: deb\nSuites: trixie\n");
        var pins = Path.Combine(AptEtc, "preferences.d", "dwpfarm-trixie");
        await File.WriteAllTextAsync(pins, "Package: *\nPin: release n=trixie\nPin-Priority: 100\n");

        var (exit, _, stderr) = await RunAsync(Path.Combine(Bin, "bash"), Repo.File("scripts", "setup.sh"));

        Assert.True(exit == 0, $"setup.sh exited {exit}:\n{stderr}");
        Assert.Equal(
            "Package: *\nPin: release n=trixie\nPin-Priority: 100\n\nExplanation: the C library came from trixie with libstdc++6\nPackage: src:glibc\nPin: release n=trixie\nPin-Priority: 990\n",
            await File.ReadAllTextAsync(pins));
    }

    [Fact]
    public async Task An_unknown_purpose_is_a_usage_error()
    {
        var (exit, _, stderr) = await RunAsync(Path.Combine(Bin, "bash"), Repo.File("scripts", "setup.sh"), "tests");

        Assert.Equal(64, exit);
        Assert.Equal("usage: scripts/setup.sh [test]", stderr.Trim());
    }

    /// <summary>A stand-in program in the test's PATH.</summary>
    private void Script(string name, string body)
    {
        var path = Path.Combine(Bin, name);
        File.Delete(path);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, params string[] arguments) =>
        ExternalTool.RunAsync(
            program, arguments, Timeout, workingDirectory: Repo.Root, environment: new Dictionary<string, string> { ["PATH"] = Bin, ["DWPFARM_APT_ETC"] = AptEtc });
}
