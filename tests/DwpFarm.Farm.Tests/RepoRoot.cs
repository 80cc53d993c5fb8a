namespace DwpFarm.Farm.Tests;

/// <summary>The repository root, found from the test binary's folder.</summary>
internal static class RepoRoot
{
    public static readonly string Path = Find();

    /// <summary>A program built by the solution in this test assembly's configuration (Debug or Release).</summary>
    public static string BuiltBinary(string project, string name)
    {
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = System.IO.Path.Combine(Path, "src", project, "bin", config, "net10.0", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"build it first (dotnet build src/{project} -c {config})", path);
    }

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "DwpFarm.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"no DwpFarm.sln above {AppContext.BaseDirectory}");
    }
}
