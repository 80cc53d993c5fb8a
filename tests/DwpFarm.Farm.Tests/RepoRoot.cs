namespace DwpFarm.Farm.Tests;

/// <summary>The repository root, found from the test binary's folder.</summary>
internal static class RepoRoot
{
    public static readonly string Path = Find();

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
